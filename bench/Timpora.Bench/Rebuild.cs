using System.Data;
using System.Diagnostics;
using System.Text.Json;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using Timpora.Api.Demo;
using Timpora.Cases;

namespace Timpora.Bench;

/// <summary>
/// Seeding (the real <c>seed</c> command, events through the real decisions) and B5: rebuilding each projection from
/// every stored event, against a raw scan of the same events.
/// </summary>
public static class Rebuild
{
    /// <summary>Grows the store to the size B5–B7 are measured on.</summary>
    public static Task Seed(Bench bench) =>
        Seed(bench, bench.Settings.SeedEvents, new Purpose("Seed", "data for B5–B7", "Seeding", ""), firstSeed: 2025);

    /// <summary>
    /// The store the write phases (B1–B3, B8) run on: a young one, not an empty one. On empty tables PostgreSQL plans
    /// for empty tables: the statements a connection runs again and again (the lookup of the stream inside
    /// <c>mt_quick_append_events</c>, the daemon's reads) keep a plan made when the table had one page, a sequential scan
    /// that gets slower with every row until autovacuum analyses the table, up to a minute later. A real case store is
    /// never empty; with a few tens of thousands of events, analysed, every load starts from the plans it will keep.
    /// </summary>
    public static Task Prefill(Bench bench) =>
        Seed(bench, bench.Settings.PrefillEvents, new Purpose("Store", "the store the write phases run on", "Prefilling the store",
            "The write phases run on a young store rather than an empty one: on empty tables PostgreSQL plans the statements each " +
            "connection repeats (the stream lookup inside `mt_quick_append_events`, the daemon's reads) as sequential scans, which get " +
            "slower with every row until autovacuum analyses the tables, up to a minute later (on an empty store B2 measured little " +
            "more than half the openings per second it measured on one with 45,000 events). A real case store is never empty. Each " +
            "load phase then starts on a settled (vacuumed, analysed) store, and B2's API first lets its daemon project what was seeded."),
            firstSeed: 1025);

    /// <summary>What a seeding is for: its section in the report (id, title), its summary line, and why it is done.</summary>
    public sealed record Purpose(string Id, string Title, string Doing, string Why);

    /// <summary>What a seeding added: cases and events, how long it took (the seed commands' start included), and how many ran.</summary>
    public sealed record Seeded(long Cases, long Events, TimeSpan Took, int Processes)
    {
        public double EventsPerSecond => Took > TimeSpan.Zero ? Events / Took.TotalSeconds : 0;

        public double CasesPerSecond => Took > TimeSpan.Zero ? Cases / Took.TotalSeconds : 0;
    }

    /// <summary>Grows the store to <paramref name="targetCases"/> cases (streams), whatever it held before.</summary>
    public static async Task<Seeded> SeedCases(Bench bench, long targetCases, Purpose purpose, int firstSeed)
    {
        var existing = await bench.ScalarAsync($"select count(*) from {CasesStore.Schema}.mt_streams");
        return await Seed(bench, 0, purpose, firstSeed, Math.Max(0, targetCases - existing));
    }

    /// <summary>
    /// Grows the store to <paramref name="target"/> events, or by <paramref name="casesWanted"/> cases when that is given.
    /// </summary>
    private static async Task<Seeded> Seed(Bench bench, long target, Purpose purpose, int firstSeed, long? casesWanted = null)
    {
        var settings = bench.Settings;
        var existing = await bench.ScalarAsync($"select count(*) from {CasesStore.Schema}.mt_events");
        var wanted = target - existing;
        if (casesWanted is 0 || (casesWanted is null && wanted <= 0))
        {
            bench.Report.Section(purpose.Id, purpose.Title, $"The store already held {existing:N0} events; nothing seeded.");
            return new Seeded(0, 0, TimeSpan.Zero, 0);
        }

        // The seed command takes a number of cases: its own generator, run here without a database, says how many
        // events a case has on average for the seed it uses.
        var sample = new SyntheticCases(2025, bench.Clock.Now, new LegalCalendar(bench.Clock.Zone, []));
        var generating = Stopwatch.StartNew();
        var sampled = Enumerable.Range(0, 2000).Sum(_ =>
        {
            var (regency, openedAt) = sample.NextOpening();
            return sample.Case(Guid.CreateVersion7(), "X", regency, openedAt).Events.Count;
        });
        var perCase = sampled / 2000.0;
        var generatorRate = sampled / generating.Elapsed.TotalSeconds;
        var cases = casesWanted ?? (long)Math.Ceiling(wanted / perCase);
        if (casesWanted is { } asked) wanted = (long)(asked * perCase);

        // The seed command is one sequential loop; a few of them side by side (each its own random seed, the case numbers
        // still from the one allocator) keep both the database and the generator busy on a small machine.
        var processes = (int)Math.Min(settings.SeedProcesses, cases);
        using var phase = bench.Ui.Start($"Seeding {cases:N0} cases (~{wanted:N0} events), {processes} seed command(s)", TimeSpan.FromSeconds(wanted / 8000.0));
        var clock = Stopwatch.StartNew();
        var newestBefore = await bench.NewestEvent();
        var running = new List<(Process Process, Task<string> Output, Task<string> Errors)>();
        for (var k = 0; k < processes; k++)
        {
            var share = cases / processes + (k < cases % processes ? 1 : 0);
            var info = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = settings.ApiDir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
                     {
                         Path.Combine(settings.ApiDir, "Timpora.Api.dll"), "seed", "--cases", share.ToString(Report.Invariant),
                         "--seed", (firstSeed + k).ToString(Report.Invariant),
                     })
                info.ArgumentList.Add(argument);
            foreach (var (key, value) in bench.ApiEnvironment()) info.Environment[key] = value;
            info.Environment["TERM"] = "dumb";
            var process = Children.Track(Process.Start(info)!);
            running.Add((process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync()));

            // Each seed command first applies the schema it expects (Wolverine's tables included); two doing it at once
            // collide on CREATE TABLE. The others start once the first is appending.
            if (k == 0 && processes > 1)
            {
                phase.Status("waiting for the first seed command to create the schema and append");
                while (!process.HasExited && await bench.NewestEvent() <= newestBefore && clock.Elapsed < TimeSpan.FromMinutes(2))
                    await Task.Delay(100);
            }
        }

        // A million cases take tens of minutes on two busy cores: allow at least 1,000 events a second.
        var deadline = TimeSpan.FromSeconds(Math.Max(30 * 60, wanted / 1000.0));
        try
        {
            while (running.Any(r => !r.Process.HasExited) && clock.Elapsed < deadline)
            {
                var added = await bench.NewestEvent() - newestBefore;
                phase.Fraction(added / (double)wanted);
                phase.Status($"{existing + added:N0} events stored, {added / Math.Max(clock.Elapsed.TotalSeconds, 0.1):N0} events/s");
                await Task.WhenAny(Task.WhenAll(running.Select(r => r.Process.WaitForExitAsync())), Task.Delay(500));
            }
        }
        finally
        {
            foreach (var (process, _, _) in running.Where(r => !r.Process.HasExited)) process.Kill(entireProcessTree: true);
        }

        var logs = new System.Text.StringBuilder();
        foreach (var (process, output, errors) in running)
        {
            await process.WaitForExitAsync();
            logs.AppendLine($"--- seed process {process.Id}: exit {process.ExitCode}").AppendLine(await output).AppendLine(await errors);
        }

        await File.WriteAllTextAsync(Path.Combine(settings.LogDir, "seed.log"), logs.ToString());
        if (clock.Elapsed >= deadline) throw new TimeoutException($"The seed commands did not finish within {deadline.TotalMinutes:N0} minutes.");
        if (running.Any(r => r.Process.ExitCode != 0)) throw new InvalidOperationException("A seed command failed; see bench/out/logs/seed.log.");
        foreach (var (process, _, _) in running) process.Dispose();

        var seconds = clock.Elapsed.TotalSeconds;
        var total = await bench.ScalarAsync($"select count(*) from {CasesStore.Schema}.mt_events");
        var streams = await bench.ScalarAsync($"select count(*) from {CasesStore.Schema}.mt_streams");
        bench.Report.Summary($"{purpose.Doing} ({processes} seed commands side by side, 500 cases per transaction each)",
            $"{total - existing:N0} events in {seconds:N1} s = {Report.N((total - existing) / seconds)} events/s");
        bench.Report.Section(purpose.Id, purpose.Title, $"""
            {purpose.Why}
            {processes} × `dotnet Timpora.Api.dll seed --cases {cases / processes:N0} --seed {firstSeed}+k` side by side (the real seeder: synthetic
            people and places, every event produced by the real decisions, sealed, 500 cases per transaction) added {total - existing:N0} events in {seconds:N1} s
            ({Report.N((total - existing) / seconds)} events/s, including the process start; the generator alone, without a
            database, makes {Report.N(generatorRate)} events/s on one core). The store then held
            **{total:N0} events in {streams:N0} case streams** (the earlier phases' cases included).
            """);
        return new Seeded(cases, total - existing, clock.Elapsed, processes);
    }

    private sealed record Rebuilt(string Name, string Lifecycle, TimeSpan Took, long Events, string? Error);

    public static async Task Run(Bench bench)
    {
        var events = await bench.ScalarAsync($"select count(*) from {CasesStore.Schema}.mt_events");
        var raw = await RawScan(bench, events, typed: false);
        var typed = await RawScan(bench, events, typed: true);

        // The inline Case snapshot is rebuilt only on request: it is the slowest by far, and the goal is about the views
        // the daemon keeps.
        var projections = bench.Store.Options.Projections.All
            .Where(p => p.Lifecycle == ProjectionLifecycle.Async || (bench.Settings.RebuildInline && p.Lifecycle == ProjectionLifecycle.Inline))
            .Select(p => (p.Name, p.Lifecycle))
            .ToList();
        var rebuilt = new List<Rebuilt>();
        using (var daemon = await bench.Store.BuildProjectionDaemonAsync())
        {
            foreach (var (name, lifecycle) in projections)
            {
                using var phase = bench.Ui.Start($"B5 rebuilding {name} ({lifecycle})", TimeSpan.FromSeconds(events / 20_000.0));
                var clock = Stopwatch.StartNew();
                using var watching = new CancellationTokenSource();
                var watch = Watch(bench, name, events, phase, clock, watching.Token);
                string? error = null;
                try
                {
                    await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(20), CancellationToken.None);
                }
                catch (Exception e)
                {
                    error = $"{e.GetType().Name}: {e.Message}";
                }

                var took = clock.Elapsed;
                await watching.CancelAsync();
                await watch;
                rebuilt.Add(new Rebuilt(name, lifecycle.ToString(), took, events, error));
            }
        }

        Write(bench, events, raw, typed, rebuilt);
    }

    private static async Task Watch(Bench bench, string name, long events, PhaseProgress phase, Stopwatch clock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var command = bench.Database.CreateCommand(
                    $"select coalesce(max(last_seq_id), 0) from {CasesStore.Schema}.mt_event_progression where name like $1");
                command.Parameters.Add(new NpgsqlParameter { Value = name + ":%" });
                var at = Convert.ToInt64(await command.ExecuteScalarAsync(stop), Report.Invariant);
                phase.Fraction(at / (double)Math.Max(1, events));
                phase.Status($"sequence {at:N0}, {at / Math.Max(0.1, clock.Elapsed.TotalSeconds):N0} events/s");
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The floor for a rebuild: one reader over every stored event in sequence order, each row's JSON parsed
    /// (<paramref name="typed"/>: deserialised into its .NET event type, as a projection receives it).
    /// </summary>
    private static async Task<(TimeSpan Took, long Rows)> RawScan(Bench bench, long events, bool typed)
    {
        using var phase = bench.Ui.Start(typed ? "B5 raw scan, typed events" : "B5 raw scan, JSON parse", TimeSpan.FromSeconds(events / 150_000.0));
        var types = new Dictionary<string, Type>();
        var clock = Stopwatch.StartNew();
        long rows = 0;
        await using var connection = await bench.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"select data, mt_dotnet_type from {CasesStore.Schema}.mt_events order by seq_id", connection);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess);
        while (await reader.ReadAsync())
        {
            if (typed)
            {
                var json = reader.GetString(0);
                var typeName = reader.GetString(1);
                if (!types.TryGetValue(typeName, out var type)) types[typeName] = type = Type.GetType(typeName, throwOnError: true)!;
                _ = JsonSerializer.Deserialize(json, type, Samples.Json);
            }
            else
            {
                using var document = reader.GetFieldValue<JsonDocument>(0);
            }

            if (++rows % 50_000 == 0)
            {
                phase.Fraction(rows / (double)events);
                phase.Status($"{rows:N0} rows, {rows / clock.Elapsed.TotalSeconds:N0} rows/s");
            }
        }

        return (clock.Elapsed, rows);
    }

    private static void Write(Bench bench, long events, (TimeSpan Took, long Rows) raw, (TimeSpan Took, long Rows) typed, List<Rebuilt> rebuilt)
    {
        var report = bench.Report;
        var rawRate = raw.Rows / raw.Took.TotalSeconds;
        var typedRate = typed.Rows / typed.Took.TotalSeconds;
        report.Summary("B5 raw scan of mt_events (read + JSON parse)", $"{Report.N(rawRate)} events/s ({raw.Took.TotalSeconds:N1} s)");
        report.Summary("B5 raw scan, typed (read + deserialise to the event type)", $"{Report.N(typedRate)} events/s ({typed.Took.TotalSeconds:N1} s)");

        var table = new System.Text.StringBuilder();
        table.AppendLine("| projection | lifecycle | rebuild s | events/s (all stored events ÷ time) | ÷ raw scan | ÷ typed scan | |");
        table.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in rebuilt)
        {
            var rate = r.Events / r.Took.TotalSeconds;
            table.AppendLine($"| {r.Name} | {r.Lifecycle} | {r.Took.TotalSeconds:N1} | {(r.Error is null ? Report.N(rate) : "failed")} | " +
                             $"{(r.Error is null ? Report.Percent(rate / rawRate) : "")} | {(r.Error is null ? Report.Percent(rate / typedRate) : "")} | {r.Error} |");
            if (r.Error is null) report.Summary($"B5 rebuild {r.Name} ({r.Lifecycle})", $"{Report.N(rate)} events/s ({r.Took.TotalSeconds:N1} s) = {Report.Percent(rate / rawRate)} of the raw scan");
        }

        var asyncOnes = rebuilt.Where(r => r.Lifecycle == nameof(ProjectionLifecycle.Async)).ToList();
        if (asyncOnes.Count > 0)
        {
            var slowest = asyncOnes.MaxBy(r => r.Error is null ? r.Took : TimeSpan.MaxValue)!;
            var slowestRate = slowest.Error is null ? slowest.Events / slowest.Took.TotalSeconds : 0;
            var together = asyncOnes.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Took);
            bench.Facts["b5.raw"] = rawRate;
            bench.Facts["b5.slowest"] = slowestRate;
            var fastest = asyncOnes.Where(r => r.Error is null).MinBy(r => r.Took);
            if (fastest is not null) bench.Facts["b5.fastest"] = fastest.Events / fastest.Took.TotalSeconds;
            report.Goal(new Goal("B5 rebuild ÷ raw scan (slowest async projection)",
                $"{slowest.Name}: {Report.N(slowestRate)} ÷ {Report.N(rawRate)} = {Report.Percent(slowestRate / rawRate)}", "≥ 25 %",
                slowest.Error is null && slowestRate / rawRate >= 0.25,
                $"all {asyncOnes.Count} async projections one after another: {together.TotalSeconds:N1} s"));
        }

        report.Section("B5", "projection rebuild against a raw scan", $"""
            After seeding, {events:N0} events in the store. **Raw scan**: one connection reads `select data from mt_events order by
            seq_id` to the end, each row's JSON parsed (`JsonDocument`): {Report.N(rawRate)} events/s ({raw.Took.TotalSeconds:N1} s).
            Deserialising each into its event type instead (what a projection is handed): {Report.N(typedRate)} events/s.
            **Rebuild**: in the benchmark process, Marten's daemon built from a store configured as the API's
            (`IProjectionDaemon.RebuildProjectionAsync(name)`, the same call as `projections rebuild`), one projection at a time,
            the API stopped. A projection that listens to a few event types still has to get past every stored event, so its
            rate is all stored events over its rebuild time.

            {table}
            """);
    }
}
