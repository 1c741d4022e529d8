using Timpora.Api.Infrastructure;
using Timpora.Cases.Deciding;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Timpora.Api.Cases.GettingDetails;
using Timpora.Api.Cases.Listing;
using Timpora.Api.Cases.Opening;
using Timpora.Api.Cases.Verifying;
using Timpora.Cases;

namespace Timpora.Bench;

/// <summary>
/// B3: database round trips per command, one command at a time (nothing else talks to the database meanwhile), counted two
/// ways: Npgsql commands through its ActivitySource (in-process only), and round trips on the wire through
/// <see cref="WireCounter"/>, which also sees COMMITs. In-process the real endpoint methods run against a store configured as
/// the API's; over HTTP the real API process runs with its connection string pointed at the relay.
/// </summary>
public static class RoundTrips
{
    private sealed record Measured(string Command, string Path, double Commands, double Wire, double WireMean, IReadOnlyList<string> Statements);

    public static async Task Run(Bench bench)
    {
        var settings = bench.Settings;
        var repeats = settings.Quick ? 15 : 60;
        using var phase = bench.Ui.Start("B3 round trips per command", TimeSpan.FromSeconds(settings.Quick ? 25 : 45));

        var direct = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        await using var wire = new WireCounter(direct.Host!, direct.Port);
        var relayed = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Host = "127.0.0.1", Port = wire.Port }.ConnectionString;
        using var counter = new CommandCounter();
        var results = new List<Measured>();

        async Task<Measured> Measure(string command, string path, Func<long, Task> operation, bool settle = false, bool countCommands = true)
        {
            phase.Status($"{command} ({path})");
            for (var i = 0; i < 3; i++) await operation(-1 - i);
            if (settle) await bench.ProjectionsCaughtUp(TimeSpan.FromSeconds(3));
            counter.TakeStatements();
            var commands = new List<long>();
            var trips = new List<long>();
            IReadOnlyList<string> statements = [];
            for (var i = 0; i < repeats; i++)
            {
                var (c0, w0) = (counter.Commands, wire.RoundTrips);
                await operation(i);
                commands.Add(counter.Commands - c0);
                trips.Add(wire.RoundTrips - w0);
                statements = counter.TakeStatements();
                // The API's async daemon reads each new event through the same relay: let it finish before the next
                // command, so its round trips fall outside the measured windows (the median discards a stray poll).
                if (settle) await bench.ProjectionsCaughtUp(TimeSpan.FromSeconds(3));
                counter.TakeStatements();
            }

            return new Measured(command, path, countCommands ? Latencies.Median(commands) : double.NaN, Latencies.Median(trips), trips.Average(), countCommands ? statements : []);
        }

        // In-process: the endpoint methods themselves, against a store configured as the API's.
        await using (var store = Bench.CreateStore(relayed, bench.Keys))
        {
            var numbers = new CaseNumberAllocator(store);
            var requests = DomainWrites.Requests(bench, 8);
            var existing = new List<Guid>();
            for (var i = 0; i < 8; i++) existing.Add(await DomainWrites.OpenDirectly(bench, CancellationToken.None, store));
            var verify = JsonSerializer.Deserialize<VerifyIdentityRequest>(Samples.VerifyBody(1), Samples.Json)!;

            results.Add(await Measure("open a case: decide + append (B1a)", "in-process", async _ => await DomainWrites.OpenDirectly(bench, CancellationToken.None, store)));
            results.Add(await Measure("open a case, server-chosen id", "in-process, the endpoint's work", async i =>
            {
                if (await DomainWrites.OpenAsTheEndpointDoes(bench, store, numbers, requests[Math.Abs(i) % requests.Length], CancellationToken.None) == Guid.Empty)
                    throw new InvalidOperationException("The sample report was refused.");
            }));
            results.Add(await Measure("open a case, client-chosen id (offline-safe report)", "in-process, the endpoint's work", async i =>
            {
                var request = requests[Math.Abs(i) % requests.Length] with { Id = Guid.CreateVersion7() };
                if (await DomainWrites.OpenAsTheEndpointDoes(bench, store, numbers, request, CancellationToken.None) == Guid.Empty)
                    throw new InvalidOperationException("The sample report was refused.");
            }));
            results.Add(await Measure("verify identity (existing case)", "in-process, the endpoint's work", async i =>
            {
                var caseId = existing[(int)(Math.Abs(i) % existing.Count)];
                if (!verify.ToCommand(caseId, new Issued(Bench.Investigator, bench.Clock.Now)).TryGet(out var command, out _))
                    throw new InvalidOperationException("The sample verification was refused.");
                await using var session = store.LightweightSession();
                var stream = await session.Events.FetchForWriting<Case>(caseId);
                var decision = (Decision.Accepted)command.Decide(stream.Aggregate!, bench.Clock.Now, new LegalCalendar(bench.Clock.Zone, []));
                session.RecordActor(Bench.Investigator, Guid.CreateVersion7().ToString());
                stream.AppendMany(decision.Events);
                await session.SaveChangesAsync();
            }));
            results.Add(await Measure("read a case", "in-process endpoint method", async i =>
            {
                await using var session = store.QuerySession();
                Expect(await GetCaseEndpoint.Get(existing[(int)(Math.Abs(i) % existing.Count)], null, null, Bench.HttpFor(Bench.Investigator), session, bench.Clock), 200);
            }));
            results.Add(await Measure("list cases (page of 20)", "in-process endpoint method", async _ =>
            {
                Expect(await ListCasesEndpoint.Get(null, null, null, null, null, null, null, null, "1", "20", null, Bench.HttpFor(Bench.Investigator), store, bench.Clock), 200);
            }));
        }

        // Over HTTP: the real API process, its database connections relayed.
        await using (var api = ApiProcess.Start(settings.ApiDir, "Timpora.Api.dll", "api-b3", settings.LogDir, bench.ApiEnvironment(relayed)))
        {
            phase.Status("starting the API with its connections relayed");
            await api.WaitFor2xx("/health/live", TimeSpan.FromSeconds(120));
            // The daemon's catch-up on what was appended without it goes through the relay too: not inside the counts.
            await bench.CatchUp("B3", TimeSpan.FromMinutes(5));
            using var reporter = api.Client(1, bench.Token(Bench.Reporter));
            using var investigator = api.Client(1, bench.Token(Bench.Investigator));
            var opened = new List<Guid>();
            var now = bench.Clock.Now;

            async Task<Guid> Open(Guid? id, long i)
            {
                using var response = await reporter.PostAsync("/api/cases", Body(Samples.OpenCaseBody(Math.Abs(i), now, id)));
                await ExpectAsync(response, HttpStatusCode.Created);
                var caseId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                opened.Add(caseId);
                return caseId;
            }

            results.Add(await Measure("open a case, server-chosen id", "HTTP POST /api/cases", async i => await Open(null, i), settle: true, countCommands: false));
            results.Add(await Measure("open a case, client-chosen id (offline-safe report)", "HTTP POST /api/cases", async i => await Open(Guid.CreateVersion7(), i),
                settle: true, countCommands: false));
            results.Add(await Measure("verify identity (existing case)", "HTTP POST /api/cases/{id}/verification", async i =>
            {
                using var response = await investigator.PostAsync($"/api/cases/{opened[(int)(Math.Abs(i) % opened.Count)]}/verification", Body(Samples.VerifyBody(i)));
                await ExpectAsync(response, HttpStatusCode.OK);
            }, settle: true, countCommands: false));
            results.Add(await Measure("read a case", "HTTP GET /api/cases/{id}", async i =>
            {
                using var response = await investigator.GetAsync($"/api/cases/{opened[(int)(Math.Abs(i) % opened.Count)]}");
                await ExpectAsync(response, HttpStatusCode.OK);
            }, settle: true, countCommands: false));
            results.Add(await Measure("list cases (page of 20)", "HTTP GET /api/cases", async _ =>
            {
                using var response = await investigator.GetAsync("/api/cases?page=1&pageSize=20");
                await ExpectAsync(response, HttpStatusCode.OK);
            }, settle: true, countCommands: false));
            bench.ApiMemory.Add(("B3 API (connections relayed)", api.PeakMemoryKb()));
        }

        Write(bench, results, repeats);
    }

    private static void Write(Bench bench, List<Measured> results, int repeats)
    {
        var table = new StringBuilder();
        table.AppendLine("| command | path | Npgsql commands | wire round trips (median) | mean | statements of the last one measured |");
        table.AppendLine("|---|---|---|---|---|---|");
        foreach (var m in results)
            table.AppendLine($"| {m.Command} | {m.Path} | {(double.IsNaN(m.Commands) ? "—" : Report.N(m.Commands))} | **{Report.N(m.Wire)}** | {Report.N(m.WireMean, 2)} | " +
                             $"{(m.Statements.Count == 0 ? "" : string.Join("<br>", m.Statements.Select((s, i) => $"{i + 1}. `{s.Replace("|", "\\|", StringComparison.Ordinal)}`")))} |");

        bench.Report.Section("B3", "database round trips per command", $"""
            Each command run {repeats} times, one at a time, after 3 unmeasured runs (connections open, code generated); the
            median is reported. **Npgsql commands**: activities of Npgsql's ActivitySource "Npgsql" in the benchmark process
            (a batch is one command). **Wire round trips**: every time a client sends after having received, counted by a
            loopback TCP relay between the program and PostgreSQL — this includes the `COMMIT` of every transaction and
            any query on a second connection, which no command count shows. Over HTTP the API process's connection string
            points at the relay; before each measured request the harness waits for the async daemon to catch up, so the
            daemon's own reads and writes fall outside the window (the median discards a stray poll of its high-water mark).

            {table}
            """);

        foreach (var m in results.Where(r => r.Path.StartsWith("HTTP", StringComparison.Ordinal)))
            bench.Facts[$"b3.{Abbreviate(m.Command)}"] = m.Wire;
        foreach (var m in results.Where(r => r.Path.StartsWith("HTTP", StringComparison.Ordinal)))
            bench.Report.Summary($"B3 {m.Command} ({m.Path})", $"{Report.N(m.Wire)} round trips (mean {Report.N(m.WireMean, 2)})");

        var opening = results.FirstOrDefault(r => r.Path == "HTTP POST /api/cases" && r.Command.Contains("server-chosen", StringComparison.Ordinal));
        var writes = results.Where(r => r.Path.StartsWith("HTTP POST", StringComparison.Ordinal)).ToList();
        if (writes.Count > 0)
        {
            var worst = writes.MaxBy(r => r.Wire)!;
            bench.Report.Goal(new Goal("B3 round trips per command (HTTP writes)",
                string.Join("; ", writes.Select(w => $"{Report.N(w.Wire)} {Abbreviate(w.Command)}")), "≤ 2", worst.Wire <= 2,
                opening is null ? "" : $"worst: {worst.Command}"));
        }
    }

    private static string Abbreviate(string command) => command switch
    {
        _ when command.StartsWith("open a case, server", StringComparison.Ordinal) => "open",
        _ when command.StartsWith("open a case, client", StringComparison.Ordinal) => "open with client id",
        _ when command.StartsWith("verify", StringComparison.Ordinal) => "verify",
        _ => command,
    };

    public static StringContent Body(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    private static void Expect(IResult result, int status)
    {
        if (result is not IStatusCodeHttpResult { StatusCode: var code } || code != status)
            throw new InvalidOperationException($"Expected {status}, got {(result as IStatusCodeHttpResult)?.StatusCode}: {result}.");
    }

    public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
            throw new InvalidOperationException($"Expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
