using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HdrHistogram;
using Timpora.Api.Demo;
using Timpora.Cases;

namespace Timpora.Bench;

/// <summary>
/// B9 (phase <c>reads</c>): every read route of the API contract, as the users who send it, on a store of
/// <see cref="Settings.ReadsSmall"/> cases and again after seeding it to <see cref="Settings.ReadsLarge"/>. One request at a
/// time (no load: the latency of the route itself), a few not measured first; a route whose cost grows with the store
/// shows it in the ratio of the two medians.
/// </summary>
public static class ReadsAtScale
{
    private const int WarmupRequests = 5;
    private const double P50LimitMs = 20, P95LimitMs = 50, GrowthLimit = 1.5;

    /// <summary>A route stops being measured after this long once it has ten answers: a slow route cannot hold up the run.</summary>
    private static readonly TimeSpan RouteBudget = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A warm-up request slower than this ends the warm-up: what the warm-up is for (the JIT, the connection, the plan
    /// caches) is negligible beside it, and a route that takes seconds would otherwise spend its budget warming up.
    /// </summary>
    private static readonly TimeSpan SlowEnoughWarm = TimeSpan.FromSeconds(1);

    /// <summary>A read as a user sends it; <see cref="Path"/> gets the request's number, so that {id} routes go through many cases.</summary>
    private sealed record Route(string Name, string Who, Actor? As, Func<int, string> Path, string? Accept = null)
    {
        public string Key => $"{Name} as {Who}";
    }

    private sealed record Measured(string Path, HistogramBase Latency, SortedDictionary<int, int> Statuses, long LastBytes, string? FirstFailure)
    {
        public bool AllSucceeded => Statuses.Count > 0 && Statuses.Keys.All(s => s is >= 200 and < 300);

        public string StatusText => string.Join(", ", Statuses.Select(s => s.Key == 0 ? $"no answer ×{s.Value}" : $"{s.Key} ×{s.Value}"));
    }

    private sealed record Store(
        long Cases, long Events, Rebuild.Seeded Seeded, long Backlog, TimeSpan CatchUp, long ClocksDue, TimeSpan Clocks, string DatabaseSize,
        string PagingNote, IReadOnlyDictionary<string, Measured> Routes);

    public static async Task Run(Bench bench)
    {
        var settings = bench.Settings;
        var routes = new List<Route>();
        var small = await Measure(bench, settings.ReadsSmall, 3025, routes);
        Store? large = null;
        try
        {
            large = await Measure(bench, settings.ReadsLarge, 4025, routes);
        }
        finally
        {
            Write(bench, routes, small, large);
        }
    }

    private static async Task<Store> Measure(Bench bench, long cases, int firstSeed, List<Route> routes)
    {
        var settings = bench.Settings;
        var seeded = await Rebuild.SeedCases(bench, cases, new Rebuild.Purpose($"B9 seed to {cases:N0} cases", $"the store for B9 at {cases:N0} cases",
            $"B9 seeding to {cases:N0} cases", "B9 measures every read route on this store (see B9)."), firstSeed);

        await using var api = ApiProcess.Start(settings.ApiDir, "Timpora.Api.dll", $"api-b9-{cases}", settings.LogDir, bench.ApiEnvironment());
        using (bench.Ui.Start($"B9 starting the API on {cases:N0} cases", TimeSpan.FromSeconds(10)))
            await api.WaitFor2xx("/health/live", TimeSpan.FromSeconds(120));

        // The API's daemon projects what the seed commands appended; the legal clocks the seeding left due run on the API
        // (the seeder runs the clocks of a case's past itself, so normally none are due). Both before anything is measured.
        var events = await bench.NewestEvent();
        var (backlog, catchUp) = await bench.CatchUp($"B9 at {cases:N0} cases:", TimeSpan.FromSeconds(Math.Max(600, events / 500.0)));
        var clocksDue = await DueClocks(bench);
        var clocks = Stopwatch.StartNew();
        using (var waiting = bench.Ui.Start($"B9 at {cases:N0} cases: legal clocks due", TimeSpan.FromSeconds(Math.Max(1, clocksDue / 200.0))))
        {
            for (var left = clocksDue; left > 0 && clocks.Elapsed < TimeSpan.FromMinutes(20); left = await DueClocks(bench))
            {
                waiting.Status($"{left:N0} due");
                await Task.Delay(200);
            }
        }

        var clocksTook = clocks.Elapsed;
        if (clocksDue > 0) await bench.CatchUp($"B9 at {cases:N0} cases:", TimeSpan.FromMinutes(5));
        await bench.Settle($"B9 at {cases:N0} cases:");

        var storeCases = await bench.ScalarAsync($"select count(*) from {CasesStore.Schema}.mt_streams");
        var storeEvents = await bench.ScalarAsync($"select count(*) from {CasesStore.Schema}.mt_events");
        await using var size = bench.Database.CreateCommand("select pg_size_pretty(pg_database_size(current_database()))");
        var databaseSize = (string)(await size.ExecuteScalarAsync())!;

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false, UseCookies = false })
        {
            BaseAddress = api.BaseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
        var (found, pagingNote) = await Routes(bench, client);
        foreach (var route in found.Where(r => routes.All(known => known.Key != r.Key))) routes.Add(route);

        var measured = new Dictionary<string, Measured>();
        using (var phase = bench.Ui.Start($"B9 reads at {cases:N0} cases", TimeSpan.FromSeconds(found.Count * 5)))
        {
            for (var k = 0; k < found.Count; k++)
            {
                phase.Fraction(k / (double)found.Count);
                phase.Status(found[k].Name);
                measured[found[k].Key] = await Send(bench, client, found[k], settings.ReadsRequests);
            }
        }

        bench.ApiMemory.Add(($"B9 API (reads at {cases:N0} cases)", api.PeakMemoryKb()));
        return new Store(storeCases, storeEvents, seeded, backlog, catchUp, clocksDue, clocksTook, databaseSize, pagingNote, measured);
    }

    private static Task<long> DueClocks(Bench bench) => bench.ScalarAsync(
        $"select count(*) from {CasesStore.Schema}.wolverine_incoming_envelopes where status = 'Scheduled' and execution_time <= now()");

    /// <summary>
    /// Every read route of the contract (docs/API.md: "Reads", "Projections" and the second wave), with ids,
    /// passport numbers and names of seeded cases read from the store, as the users the seeder names (SyntheticCases).
    /// </summary>
    private static async Task<(List<Route> Routes, string PagingNote)> Routes(Bench bench, HttpClient client)
    {
        var investigator = SyntheticCases.Investigator("Soppeng", 1);
        var reporter = SyntheticCases.Reporter("Soppeng", 1);
        var officer = SyntheticCases.Officer("DISNAKER", "Soppeng", 1);
        var supervisor = SyntheticCases.Supervisor("Soppeng", 1);
        var auditor = SyntheticCases.Auditor(1);

        var ids = await Strings(bench, "id::text", "true");
        var later = await Strings(bench, "id::text", "mt_version >= 3");
        var people = await Rows(bench,
            "data->'verification'->'identity'->>'nationality', data->'verification'->'identity'->>'passportNumber'",
            "data->'verification'->'identity'->>'passportNumber' is not null");
        var names = (await Strings(bench, "data->'subject'->>'name'", "data->'subject'->>'name' is not null"))
            .Select(n => n.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]).ToList();
        if (ids.Count == 0 || later.Count == 0 || people.Count == 0 || names.Count == 0)
            throw new InvalidOperationException("The seeded store lacks cases to read (ids, passports or names).");

        string Id(int i) => ids[i % ids.Count];
        string Later(int i) => later[i % later.Count];
        (string Nationality, string Passport) Person(int i) => people[i % people.Count];
        string Name(int i) => Uri.EscapeDataString(names[i % names.Count]);
        string Spaced(string passport) => $"{passport[..1].ToLowerInvariant()} {passport[1..5]}-{passport[5..]}";

        // Page 2 as a client reaches it: through the cursor of page 1 when the list gives one (the contract's paging),
        // else by number.
        var pageTwo = "/api/cases?page=2";
        var pagingNote = "page 1 had no `next`: page 2 asked for as `?page=2`";
        using (var first = new HttpRequestMessage(HttpMethod.Get, "/api/cases"))
        {
            first.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bench.Token(investigator));
            using var answer = await client.SendAsync(first);
            if (answer.IsSuccessStatusCode)
            {
                using var page = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
                if (page.RootElement.ValueKind == JsonValueKind.Object && page.RootElement.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String)
                {
                    pageTwo = $"/api/cases?cursor={Uri.EscapeDataString(next.GetString()!)}";
                    pagingNote = "page 2 followed the `next` cursor of page 1";
                }
            }
        }

        var year = DateTimeOffset.UtcNow.Year - 1;
        List<Route> routes =
        [
            new("GET /api/cases (page 1)", "investigator", investigator, _ => "/api/cases"),
            new("GET /api/cases (page 1)", "reporter", reporter, _ => "/api/cases"),
            new("GET /api/cases (page 1)", "agency officer DISNAKER", officer, _ => "/api/cases"),
            new("GET /api/cases (page 2)", "investigator", investigator, _ => pageTwo),
            new("GET /api/cases?regency=Soppeng&status=verified", "investigator", investigator, _ => "/api/cases?regency=Soppeng&status=verified"),
            new("GET /api/cases?nationality=CHN", "investigator", investigator, _ => "/api/cases?nationality=CHN"),
            new("GET /api/cases?referredTo=DISNAKER", "supervisor", supervisor, _ => "/api/cases?referredTo=DISNAKER"),
            new($"GET /api/cases?assignedTo={investigator.UserId}", "supervisor", supervisor, _ => $"/api/cases?assignedTo={investigator.UserId}"),
            new($"GET /api/cases?openedFrom={year}-03-01&openedTo={year}-03-31", "investigator", investigator,
                _ => $"/api/cases?openedFrom={year}-03-01&openedTo={year}-03-31"),
            new("GET /api/cases?q= (no match: zzqxv)", "investigator", investigator, _ => "/api/cases?q=zzqxv"),
            new("GET /api/cases?q= (a passport number)", "investigator", investigator, i => $"/api/cases?q={Person(i).Passport}"),
            new("GET /api/cases?q= (a passport with spaces and a dash)", "investigator", investigator,
                i => $"/api/cases?q={Uri.EscapeDataString(Spaced(Person(i).Passport))}"),
            new("GET /api/cases?q= (a name part)", "investigator", investigator, i => $"/api/cases?q={Name(i)}"),
            new("GET /api/cases?q= (a name part)&sort=relevance", "investigator", investigator, i => $"/api/cases?q={Name(i)}&sort=relevance"),
            new("GET /api/cases?watchlist=unreviewed", "investigator", investigator, _ => "/api/cases?watchlist=unreviewed"),
            new("GET /api/cases/{id}", "investigator", investigator, i => $"/api/cases/{Id(i)}"),
            new("GET /api/cases/{id}?version=2", "investigator", investigator, i => $"/api/cases/{Later(i)}?version=2"),
            new("GET /api/cases/{id}/history", "investigator", investigator, i => $"/api/cases/{Later(i)}/history"),
            new("GET /api/cases/{id}/integrity", "auditor", auditor, i => $"/api/cases/{Later(i)}/integrity"),
            new("GET /api/cases/{id}/possible-duplicates", "investigator", investigator, i => $"/api/cases/{Id(i)}/possible-duplicates"),
            new("GET /api/cases/{id}/access-log", "supervisor", supervisor, i => $"/api/cases/{Id(i)}/access-log"),
            new("GET /api/workload/agencies", "supervisor", supervisor, _ => "/api/workload/agencies"),
            new("GET /api/workload/agencies/DISNAKER", "supervisor", supervisor, _ => "/api/workload/agencies/DISNAKER"),
            new("GET /api/workload/agencies/DISNAKER", "agency officer DISNAKER", officer, _ => "/api/workload/agencies/DISNAKER"),
            new($"GET /api/workload/investigators/{investigator.UserId}", "supervisor", supervisor, _ => $"/api/workload/investigators/{investigator.UserId}"),
            new("GET /api/statistics", "supervisor", supervisor, _ => "/api/statistics"),
            new("GET /api/statistics (text/csv)", "supervisor", supervisor, _ => "/api/statistics", "text/csv"),
            new($"GET /api/statistics?from={year}-01-01&to={year}-12-31", "supervisor", supervisor, _ => $"/api/statistics?from={year}-01-01&to={year}-12-31"),
            new($"GET /api/statistics?from={year}-01-01&to={year}-12-31 (text/csv)", "supervisor", supervisor,
                _ => $"/api/statistics?from={year}-01-01&to={year}-12-31", "text/csv"),
            new("GET /api/statistics?regency=Soppeng", "supervisor", supervisor, _ => "/api/statistics?regency=Soppeng"),
            new("GET /api/statistics/outcomes-by-nationality", "auditor", auditor, _ => "/api/statistics/outcomes-by-nationality"),
            new("GET /api/foreign-nationals?passportNumber=", "investigator", investigator,
                i => $"/api/foreign-nationals?passportNumber={Person(i).Passport}"),
            new("GET /api/foreign-nationals?nationality=CHN", "investigator", investigator, _ => "/api/foreign-nationals?nationality=CHN"),
            new("GET /api/foreign-nationals/{nationality}/{passport}/export", "supervisor", supervisor,
                i => $"/api/foreign-nationals/{Person(i).Nationality}/{Person(i).Passport}/export"),
            new("GET /api/reviews/pending", "auditor", auditor, _ => "/api/reviews/pending"),
            new("GET /api/watchlist?q=", "investigator", investigator, i => $"/api/watchlist?q={Name(i)}"),
            new("GET /api/integrity/public-keys", "no token", null, _ => "/api/integrity/public-keys"),
            new("GET /api/integrity/checkpoints/latest", "auditor", auditor, _ => "/api/integrity/checkpoints/latest"),
            new("GET /api/integrity/checkpoints/{sequence}", "auditor", auditor, _ => "/api/integrity/checkpoints/1"),
            new("GET /api/integrity/checkpoints/{sequence}/consistency?from=", "auditor", auditor, _ => "/api/integrity/checkpoints/2/consistency?from=1"),
            new("GET /api/cases/{id}/integrity/proof", "auditor", auditor, i => $"/api/cases/{Later(i)}/integrity/proof"),
            new("GET /health/live", "no token", null, _ => "/health/live"),
            new("GET /health/ready", "no token", null, _ => "/health/ready"),
            new("GET /metrics", "no token", null, _ => "/metrics"),
            new("GET /openapi/v1.json", "no token", null, _ => "/openapi/v1.json"),
        ];
        return (routes, pagingNote);
    }

    private static async Task<List<string>> Strings(Bench bench, string column, string where) =>
        (await Rows(bench, column + ", ''", where)).Select(r => r.Item1).ToList();

    /// <summary>Up to 100 random cases' values, different at each size (the new cases are among them).</summary>
    private static async Task<List<(string, string)>> Rows(Bench bench, string columns, string where)
    {
        var rows = new List<(string, string)>();
        await using var command = bench.Database.CreateCommand(
            $"select {columns} from {CasesStore.Schema}.mt_doc_case where {where} order by random() limit 100");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    /// <summary>Warm-up requests, then up to <paramref name="requests"/> measured ones, each sent when the last has been read whole.</summary>
    private static async Task<Measured> Send(Bench bench, HttpClient client, Route route, int requests)
    {
        var token = route.As is { } actor ? bench.Token(actor) : null;
        var latency = Latencies.New();
        var statuses = new SortedDictionary<int, int>();
        string? failure = null;
        long bytes = 0;
        var measuring = Stopwatch.StartNew();
        var warm = false;
        for (var i = 0; i < WarmupRequests + requests; i++)
        {
            if (i == WarmupRequests) measuring.Restart();
            else if (i > WarmupRequests + 10 && measuring.Elapsed > RouteBudget) break;
            if (i < WarmupRequests && warm) continue;

            using var request = new HttpRequestMessage(HttpMethod.Get, route.Path(i));
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (route.Accept is { } accept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            var started = Stopwatch.GetTimestamp();
            int status;
            string? body = null;
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                var content = await response.Content.ReadAsByteArrayAsync();
                status = (int)response.StatusCode;
                bytes = content.Length;
                if (!response.IsSuccessStatusCode) body = Encoding.UTF8.GetString(content);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                status = 0;
                body = $"{e.GetType().Name}: {e.Message}";
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            if (i < WarmupRequests)
            {
                warm = elapsed > SlowEnoughWarm;
                continue;
            }

            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status is >= 200 and < 300) latency.Record(elapsed);
            else failure ??= $"{status} on {route.Path(i)}: {(body is { Length: > 2000 } ? body[..2000] : body)}";
        }

        return new Measured(route.Path(0), latency, statuses, bytes, failure);
    }

    private static void Write(Bench bench, List<Route> routes, Store small, Store? large)
    {
        var table = new StringBuilder();
        var sizes = large is null ? $"{small.Cases:N0} cases" : $"{small.Cases:N0} → {large.Cases:N0} cases";
        table.AppendLine($"| route | as | status at {small.Cases:N0} | p50 ms | p95 ms | bytes | status at {(large is null ? "—" : large.Cases.ToString("N0", Report.Invariant))} | p50 ms | p95 ms | bytes | p50 growth | flags |");
        table.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        var failures = new StringBuilder();
        var flagged = 0;
        var failed = 0;
        foreach (var route in routes)
        {
            var key = route.Key;
            var s = small.Routes.GetValueOrDefault(key);
            var l = large?.Routes.GetValueOrDefault(key);
            var flags = new List<string>();
            void Check(Func<Measured, bool> over, string flag)
            {
                var at = new[] { (s, "small"), (l, "large") }.Where(m => m.Item1 is { } measured && over(measured)).Select(m => m.Item2).ToList();
                if (at.Count > 0) flags.Add($"{flag} ({(at.Count == 2 ? "both" : at[0])})");
            }

            Check(m => !m.AllSucceeded, "non-2xx");
            Check(m => m.AllSucceeded && m.Latency.PercentileMs(50) > P50LimitMs, $"p50 > {P50LimitMs} ms");
            Check(m => m.AllSucceeded && m.Latency.PercentileMs(95) > P95LimitMs, $"p95 > {P95LimitMs} ms");
            var refused = new[] { s, l }.OfType<Measured>().FirstOrDefault(m => !m.AllSucceeded);
            if (refused is not null)
                failures.AppendLine($"- {route.Name} as {route.Who}: {string.Join("; ", new[] { (s, small), (l, large) }.Where(m => m.Item1 is not null && m.Item2 is not null).Select(m => $"{m.Item1!.StatusText} at {m.Item2!.Cases:N0} cases"))}; first: {Describe(refused.FirstFailure)}");
            var growth = s is { AllSucceeded: true } && l is { AllSucceeded: true } ? l.Latency.PercentileMs(50) / s.Latency.PercentileMs(50) : double.NaN;
            if (growth > GrowthLimit) flags.Add($"grows {growth:N1}×");
            if (flags.Count > 0) flagged++;
            if ((s is not null && !s.AllSucceeded) || (l is not null && !l.AllSucceeded)) failed++;
            table.AppendLine($"| {route.Name.Replace("|", "\\|")} | {route.Who} | {Cells(s)} | {Cells(l)} | {(double.IsNaN(growth) ? "—" : $"{growth:N2}×")} | " +
                             $"{(flags.Count == 0 ? "" : "**" + string.Join("; ", flags) + "**")} |");
        }

        var stores = new StringBuilder();
        stores.AppendLine("| store | cases | events | database | seeded for it | seed rate | daemon catch-up after the API started | legal clocks due at start |");
        stores.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (store, label) in new[] { (small, "small"), (large, "large") })
        {
            if (store is null) continue;
            stores.AppendLine($"| {label} | {store.Cases:N0} | {store.Events:N0} | {store.DatabaseSize} | " +
                              (store.Seeded.Cases == 0 ? "nothing (the store held more already) | — | " :
                                  $"{store.Seeded.Cases:N0} cases, {store.Seeded.Events:N0} events in {store.Seeded.Took.TotalSeconds:N0} s ({store.Seeded.Processes} seed commands side by side) | " +
                                  $"{Report.N(store.Seeded.EventsPerSecond)} events/s = {Report.N(store.Seeded.CasesPerSecond)} cases/s | ") +
                              $"{store.Backlog:N0} events in {store.CatchUp.TotalSeconds:N0} s ({Report.N(store.Backlog / Math.Max(0.001, store.CatchUp.TotalSeconds))} events/s) | " +
                              $"{store.ClocksDue:N0}{(store.ClocksDue > 0 ? $", run in {store.Clocks.TotalSeconds:N0} s" : "")} |");
            bench.Report.Summary($"B9 async daemon catching up on a new API at {store.Cases:N0} cases",
                $"{store.Backlog:N0} events in {store.CatchUp.TotalSeconds:N0} s = {Report.N(store.Backlog / Math.Max(0.001, store.CatchUp.TotalSeconds))} events/s");
        }

        bench.Report.Summary($"B9 reads on {sizes}, one request at a time, {routes.Count} routes",
            $"{flagged} flagged (p50 > {P50LimitMs} ms, p95 > {P95LimitMs} ms, p50 growth > {GrowthLimit}× or a non-2xx), {failed} of them with non-2xx answers");
        bench.Report.Section("B9", "reads at scale", $"""
            Every read route of the API contract, as the user who would send it (the seeder's people: `inv-soppeng-01`,
            `rep-soppeng-01`, `off-disnaker-soppeng-01`, `sup-soppeng-01`, `aud-01`), one request at a time on one keep-alive
            connection: {WarmupRequests} not measured (fewer once one takes over {SlowEnoughWarm.TotalSeconds:N0} s), then
            {bench.Settings.ReadsRequests} measured (a route stops after {RouteBudget.TotalSeconds:N0} s once it has ten), the body read whole. Routes with `{"{id}"}` go through 100
            random cases (those with three events or more for history, integrity and `version=2`), passport and name searches
            through 100 seeded people. Measured first on a store of {small.Cases:N0} cases, then again after seeding it to
            {(large is null ? "the larger size (**not reached**, see the failures)" : $"{large.Cases:N0}")}, each time on a newly started API (Production settings,
            one node) after its async daemon had caught up with every event, the due legal clocks had run and the database had
            been vacuumed and analysed. Latency counts 2xx answers only; a route answering anything else is reported with its
            status codes, not averaged. Flags: p50 over {P50LimitMs} ms, p95 over {P95LimitMs} ms, p50 growing more than
            {GrowthLimit}× from the small to the large store. Paging: {small.PagingNote}{(large is null ? "" : $" (at {large.Cases:N0}: {large.PagingNote})")}.
            `bytes` is the size of the last answer's body.

            {stores}
            {table}
            {(failures.Length > 0 ? "Non-2xx answers (a route the API does not serve yet answers 404):\n\n" + failures : "Every request answered 2xx.")}
            """);
    }

    /// <summary>A problem's status, title and detail, without the trace id that differs on every answer.</summary>
    private static string Describe(string? failure)
    {
        if (failure is null) return "";
        var json = failure.IndexOf('{');
        try
        {
            if (json >= 0)
            {
                using var problem = JsonDocument.Parse(failure[json..]);
                var root = problem.RootElement;
                string Text(string name) => root.TryGetProperty(name, out var value) ? value.ToString() : "";
                return $"`{failure[..json].Trim()} {Text("title")}: {Text("detail")}`";
            }
        }
        catch (JsonException)
        {
        }

        return $"`{failure.Replace('|', '/').Replace('\n', ' ').Replace('`', '\'')}`";
    }

    private static string Cells(Measured? m) =>
        m is null ? "— | — | — | —"
        : m.AllSucceeded ? $"{m.StatusText} | {Report.Ms(m.Latency.PercentileMs(50))} | {Report.Ms(m.Latency.PercentileMs(95))} | {m.LastBytes:N0}"
        : $"**{m.StatusText}** | — | — | {m.LastBytes:N0}";
}
