namespace Timpora.Bench;

/// <summary>
/// What stands in the way of each goal the run did not meet, stated with the run's own figures. The reasons come from
/// what the phases observed (B3's statements and round trips, B7's start-up timeline, the CPU split), not from guesses.
/// </summary>
public static class Findings
{
    public static void Add(Bench bench)
    {
        var f = bench.Facts;
        var report = bench.Report;
        double? Get(string key) => f.TryGetValue(key, out var v) && !double.IsNaN(v) ? v : null;

        if (Get("b0") is { } b0 && Get("b2.peak") is { } b2 && b2 / b0 < 0.40)
        {
            var steps = new List<string>();
            if (Get("b1a") is { } b1a) steps.Add($"Marten's append alone (B1a) reaches {Report.Percent(b1a / b0)} of B0");
            if (Get("b1b") is { } b1b) steps.Add($"the endpoint's own work in-process (B1b) {Report.Percent(b1b / b0)}");
            steps.Add($"over HTTP (B2) {Report.Percent(b2 / b0)}");
            var cpu = bench.Cpu.FirstOrDefault(c => c.Phase == "B2 POST /api/cases peak").Usage;
            string? PerOp(string phase, Func<CpuMeter.Usage, double> cores)
            {
                var entry = bench.Cpu.FirstOrDefault(c => c.Phase == phase);
                return entry.Usage is null || entry.Throughput <= 0 ? null : (cores(entry.Usage) / entry.Throughput * 1000).ToString("N2", Report.Invariant);
            }

            var perOp = new List<string>();
            if (PerOp("B0 raw INSERT", u => u.Postgres) is { } p0) perOp.Add($"PostgreSQL spends {p0} ms of CPU per B0 row");
            if (PerOp("B1a decide + append", u => u.Postgres) is { } p1 && PerOp("B1a decide + append", u => u.LoadGenerator) is { } c1)
                perOp.Add($"{p1} ms per B1a opening, while the application spends {c1} ms per opening in Marten, the decision and the seal");
            if (PerOp("B1b endpoint method in-process", u => u.Postgres) is { } p1b)
                perOp.Add($"{p1b} ms per B1b opening (the case-number transaction and its row-lock queue on top of B1a)");
            if (PerOp("B2 POST /api/cases peak", u => u.Api) is { } a2) perOp.Add($"the API process {a2} ms per HTTP opening (its async projections included)");
            // On a machine this size the peak is bounded by CPU per opening: the cores divided by what one opening costs.
            var b2Entry = bench.Cpu.FirstOrDefault(c => c.Phase == "B2 POST /api/cases peak");
            var bound = "";
            if (b2Entry.Usage is { } u && b2Entry.Throughput > 0)
            {
                var perOpening = (u.Api + u.Postgres + u.LoadGenerator) / b2Entry.Throughput * 1000;
                var cores = Environment.ProcessorCount;
                bound = $" **CPU is the limit**: one HTTP opening costs {perOpening:N2} ms of CPU in all (API, PostgreSQL, load generator), " +
                        $"so {cores} cores top out near {Report.N(cores * 1000 / perOpening)} openings/s even with nothing else running; 40 % of B0 " +
                        $"({Report.N(0.4 * b0)}/s) needs at most {cores * 1000 / (0.4 * b0):N2} ms per opening. Where PostgreSQL's share goes " +
                        "inside `mt_quick_append_events` and the `Case` upsert, and the application's inside Marten's session, serialisation and " +
                        "the seal, is the next thing to profile (pg_stat_statements, dotnet-trace); fewer round trips alone will not close a gap this size.";
            }

            report.Obstacle($"**B2 ÷ B0 = {Report.Percent(b2 / b0)} (goal 40 %).** Step by step: {string.Join(", ", steps)}. " +
                            "B0 commits one small row per round trip; an opening does much more per commit: the case number is taken in its own " +
                            "committed transaction first (a second WAL flush per opening, and a row lock per regency and year that concurrent " +
                            "openings queue on), then Marten sends one batch — `mt_quick_append_events` plus the upsert of the inline `Case` " +
                            "snapshot with its unique case-number and assignedTo indexes — and a separate COMMIT (B3)." +
                            (perOp.Count == 0 ? "" : $" Measured cost (CPU table): {string.Join("; ", perOp)}.") +
                            (cpu is null ? "" : $" CPU during B2's peak: {cpu.Describe(Environment.ProcessorCount)} — the API, PostgreSQL and the load " +
                                                "generator share one small machine, so the API's own CPU per request (Kestrel, JWT validation, Wolverine, JSON, " +
                                                "the seal) comes straight out of PostgreSQL's share.") + bound);
        }

        if (Get("b2.p99") is { } p99 && p99 > 25)
        {
            var half = bench.Cpu.FirstOrDefault(c => c.Phase == "B2 POST /api/cases at half the peak").Usage;
            report.Obstacle($"**B2 p99 = {Report.Ms(p99)} ms at {Report.N(Get("b2.rate") ?? 0)}/s (goal 25 ms; p50 {Report.Ms(Get("b2.p50") ?? double.NaN)} ms).** " +
                            "Each opening waits for two commits (the case number, then the append), each a WAL flush that concurrent " +
                            "openings share, and it needs the CPU of two busy processes on the same cores." +
                            (half is null ? "" : $" At half the peak: {half.Describe(Environment.ProcessorCount)}.") +
                            " The async daemon runs its projection batches inside the API process at the same time (B8), so a request that " +
                            "arrives during a batch waits for a core; removing the separate case-number commit (B3) shortens every " +
                            "opening by one flush.");
        }

        if (Get("b3.open") is { } open && Get("b3.verify") is { } verify && Math.Max(open, verify) > 2)
            report.Obstacle($"**B3: {Report.N(open)} round trips to open a case, {Report.N(verify)} to verify one " +
                            $"{(Get("b3.open with client id") is { } withId ? $"({Report.N(withId)} with a client-chosen id)" : "")} (goal ≤ 2).** " +
                            "Opening: the case-number upsert (its own transaction), Marten's batch, Marten's COMMIT. Taking case numbers in " +
                            "blocks (`CaseNumberAllocator.ReserveAsync` already reserves any count; hand them out from memory per regency " +
                            "and year) removes the first for nearly every opening → 2. A client-chosen id adds `FetchStreamAsync` to detect a " +
                            "repeat: catching the stream-id collision at commit instead (the endpoint already does) and reading only then " +
                            "saves it. Commands on an existing case: `FetchForWriting`, then `EventSealer` reads the previous seal with a query " +
                            "of its own (on a second pooled connection), then the batch and the COMMIT. A cache of (stream, version) → seal, " +
                            "filled by every append the node makes, removes the seal query whenever the version `FetchForWriting` returned is " +
                            "cached (an event's seal never changes, so a hit is always right) → 3. Below 3 needs the COMMIT in the same round " +
                            "trip as the batch, which Marten does not do: the goal is reachable for openings, not for commands on existing cases.");

        if (Get("b5.raw") is { } raw && Get("b5.slowest") is { } slowest && slowest / raw < 0.25)
            report.Obstacle($"**B5: the slowest rebuild runs at {Report.Percent(slowest / raw)} of the raw scan (goal 25 %)" +
                            $"{(Get("b5.fastest") is { } fastest ? $"; the fastest at {Report.Percent(fastest / raw)}" : "")}.** The slowest are the " +
                            "projections that write the most documents: case facts (one per case, a single-stream projection) and the " +
                            "foreign-national profiles (one per person, each event a load-modify-store of a shared document); the review " +
                            "queue and agency workload touch few documents and run several times faster over the same events. So the rebuild " +
                            "is bounded by document writes and the daemon's per-batch work, not by reading events (the scan shows what reading " +
                            "costs). Marten's `UseOptimizedProjectionRebuilds` (single-stream projections rebuilt one stream at a time; a " +
                            "schema migration) is aimed at exactly the slowest case; not measured here.");

        if (Get("b7.dynamic.read") is { } dynamicRead && (dynamicRead > 1500 || (Get("b7.bare") is { } bareStart && dynamicRead / bareStart > 3)))
        {
            var bare = Get("b7.bare");
            var text = $"**B7: the first API 2xx comes {dynamicRead:N0} ms after the process starts as built today**" +
                       $"{(bare is { } b ? $" (bare minimal API: {b:N0} ms)" : "")}. " +
                       $"The host itself needs {Get("b7.dynamic.listening") ?? double.NaN:N0} ms to start listening (JasperFx command discovery, " +
                       "Marten and Wolverine configuration and handler discovery, the schema check of `ApplyAllDatabaseChangesOnStartup`, the " +
                       "daemon) and the first request to an endpoint then generates and compiles its handler with Roslyn.";
            if (Get("b7.pregen.read") is { } pregenRead)
                text += $" With the handlers pre-generated the first read comes after {pregenRead:N0} ms (host listening after " +
                        $"{Get("b7.pregen.listening") ?? double.NaN:N0} ms) and the process peaks at {Get("b7.pregen.memory") ?? double.NaN:N0} MiB " +
                        $"instead of {Get("b7.dynamic.memory") ?? double.NaN:N0} MiB (no Roslyn).";
            if (Get("b7.r2r.read") is { } r2rRead)
                text += $" Published ReadyToRun as well: {r2rRead:N0} ms.";
            text += " What remains is host start-up and JIT of a large dependency graph, which no handler code removes.";
            report.Obstacle(text);
        }

        if (Get("b6.list.p50") is { } listP50 && Get("b6.cases") is { } cases)
            report.Obstacle($"**B6 (no goal): the case list answers in {Report.Ms(listP50)} ms p50 ({Report.Ms(Get("b6.list.p99") ?? double.NaN)} ms p99) at half " +
                            $"its peak of {Report.N(Get("b6.list.peak") ?? 0, 1)}/s over {cases:N0} cases, and its cost grows with the store:** " +
                            "every page sorts all visible cases on a JSON expression (`openedAt`) and counts them with `count(*) over()`. A duplicated, " +
                            "indexed `openedAt` column makes page 1 an index read; the total can be counted separately or capped. " +
                            (Get("b6.workload.p50") is { } workload
                                ? $"The agency workload ({Report.Ms(workload)} ms p50 over {Get("b6.referrals") ?? 0:N0} referrals) loads every referral document " +
                                  "and counts in memory; counting in SQL (group by agency and status) keeps it flat."
                                : ""));

        if (Get("b8.p99") is { } lag && lag > 1000)
            report.Obstacle($"**B8: projection lag p99 {Report.Ms(lag)} ms (p50 {Report.Ms(Get("b8.p50") ?? double.NaN)} ms; goal 1,000 ms).** The daemon " +
                            "finds new events by polling its high-water mark and then runs each projection's batch in the API process, on the " +
                            "same cores as the requests; under write load the polls and batches queue behind request work. Marten's " +
                            "`Projections.FastPollingTime`/`SlowPollingTime` and a daemon on its own node (`Projections:Daemon=HotCold` with " +
                            "a second instance) are the levers.");
    }
}
