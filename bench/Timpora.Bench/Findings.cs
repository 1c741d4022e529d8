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
                perOp.Add($"{p1b} ms per B1b opening");
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
                        $"({Report.N(0.4 * b0)}/s) needs at most {cores * 1000 / (0.4 * b0):N2} ms per opening, PostgreSQL's share included.";
            }

            report.Obstacle($"**B2 ÷ B0 = {Report.Percent(b2 / b0)} (goal 40 %).** Step by step: {string.Join(", ", steps)}. " +
                            "B0 commits one small row per round trip; an opening commits far more in its one batch: `mt_quick_append_events` " +
                            "(a PL/pgSQL function writing the stream row and the event row) and the upsert of the inline `Case` snapshot with " +
                            "its unique case-number, assignedTo and openedAt indexes — rows and index entries in three tables where B0 writes one. " +
                            "Already done: case numbers come from blocks held in memory (no transaction of their own), statements are prepared " +
                            "once per connection (Npgsql auto-prepare; Marten's append was being re-planned on every call), dynamic PGO is " +
                            "off (its instrumented code was still running minutes into a load)." +
                            (perOp.Count == 0 ? "" : $" Measured cost (CPU table): {string.Join("; ", perOp)}.") +
                            (cpu is null ? "" : $" CPU during B2's peak: {cpu.Describe(Environment.ProcessorCount)} — the API, PostgreSQL and the load " +
                                                "generator share one small machine, so the API's own CPU per request comes straight out of PostgreSQL's share.") +
                            bound + " In a CPU profile of the API under this load no single method stood out: the request pipeline (Kestrel, " +
                            "JWT validation, Wolverine, JSON in and out, Marten building the batch, Npgsql) took about 60 % of the process's CPU, " +
                            "the async daemon running the projections in the same process about 15 %, and the seal about 8 % (it serialises each " +
                            "event again and canonicalises it). Beyond trimming those, the rest is structural: 40 % of B0 would need an opening " +
                            "to cost little more than B0's single INSERT on both sides of the connection.");
        }

        if (Get("b2.p99") is { } p99 && p99 > 25)
        {
            var half = bench.Cpu.FirstOrDefault(c => c.Phase == "B2 POST /api/cases at half the peak").Usage;
            report.Obstacle($"**B2 p99 = {Report.Ms(p99)} ms at {Report.N(Get("b2.rate") ?? 0)}/s (goal 25 ms; p50 {Report.Ms(Get("b2.p50") ?? double.NaN)} ms).** " +
                            "Each opening waits for its commit, a WAL flush that concurrent openings share, and needs the CPU of two busy " +
                            "processes on the same two cores." +
                            (half is null ? "" : $" At half the peak: {half.Describe(Environment.ProcessorCount)}.") +
                            " The async daemon runs its projection batches inside the API process at the same time (B8), so a request that " +
                            "arrives during a batch waits for a core, and garbage collections pause both; a daemon on a node of its own " +
                            "(`Projections:Daemon=HotCold` with a second instance) takes that work off the request path.");
        }

        if (Get("b3.open") is { } open && Get("b3.verify") is { } verify && Math.Max(open, verify) > 2)
            report.Obstacle($"**B3: {Report.N(open)} round trips to open a case, {Report.N(verify)} to verify one " +
                            $"{(Get("b3.open with client id") is { } withId ? $"({Report.N(withId)} with a client-chosen id)" : "")} (goal ≤ 2).** " +
                            "An opening is Marten's batch and its COMMIT (its case number comes from a block the node holds; a block is " +
                            "reserved once per 20 openings of a regency and year; a client-chosen id is checked by the stream-id collision at " +
                            "commit, not read first). A command on an existing case is `FetchForWriting`, the batch and the COMMIT; the previous " +
                            "seal comes from the seals the node committed last, and is read only when another node appended since. Below 3 " +
                            "would need the COMMIT in the batch's round trip, which Marten does not do: it reads the batch's results (the " +
                            "version checks) before it commits. The goal holds for openings, not for commands on existing cases.");

        if (Get("b5.raw") is { } raw && Get("b5.slowest") is { } slowest && slowest / raw < 0.25)
            report.Obstacle($"**B5: the slowest rebuild runs at {Report.Percent(slowest / raw)} of the raw scan (goal 25 %)" +
                            $"{(Get("b5.fastest") is { } fastest ? $"; the fastest at {Report.Percent(fastest / raw)}" : "")}.** The slowest are the " +
                            "projections that write the most documents: case facts (one per case, a single-stream projection) and the " +
                            "foreign-national profiles (one per person, each event a load-modify-store of a shared document); the review " +
                            "queue and agency workload touch few documents and run several times faster over the same events. So the rebuild " +
                            "is bounded by document writes and the daemon's per-batch work, not by reading events (the scan shows what reading " +
                            "costs). Already on: Marten's optimized rebuilds of single-stream projections (one stream at a time) and batches " +
                            "of 5,000 events for the case facts; they moved its rebuild from about 7,100 to 8,500–11,300 events/s over 300,000 " +
                            "events, run to run. A larger batch and a document cache made the profiles' rebuild slower and were left out. What " +
                            "remains is Marten's per-document cost (one JSON serialisation and upsert per case or person per batch); a " +
                            "projection that writes its rows with set-based SQL would go further, at the price of leaving Marten's projections.");

        var shipped = Get("b7.r2r.read") is { } r2rRead ? ("published ReadyToRun (as shipped)", r2rRead, "r2r") : Get("b7.jit.read") is { } jitRead ? ("as `dotnet publish` builds it", jitRead, "jit") : default;
        if (shipped.Item3 is { } key && (shipped.Item2 > 1500 || (Get("b7.bare") is { } bareStart && shipped.Item2 / bareStart > 3)))
        {
            var bare = Get("b7.bare");
            var text = $"**B7: the first API 2xx comes {shipped.Item2:N0} ms after the process starts, {shipped.Item1}**" +
                       $"{(bare is { } b ? $" (bare minimal API: {b:N0} ms)" : "")}. " +
                       $"The host needs {Get($"b7.{key}.listening") ?? double.NaN:N0} ms to start listening; the handlers are pre-generated, so " +
                       "no Roslyn runs. " +
                       (Get("b7.jit.read") is { } jit && key == "r2r" ? $"Without ReadyToRun the first read comes after {jit:N0} ms. " : "") +
                       "What remains is the start-up work of the libraries themselves (JasperFx command and extension discovery, Marten's " +
                       "and Wolverine's configuration, Wolverine's durability agents, the async daemon and its first queries) and code " +
                       "that even ReadyToRun leaves to the JIT (generics over our types, the generated handlers); the schema check of " +
                       "`ApplyAllDatabaseChangesOnStartup` made no measurable difference.";
            report.Obstacle(text);
        }

        if (Get("b6.list.p50") is { } listP50 && Get("b6.cases") is { } cases)
            report.Obstacle($"**B6 (no goal): the case list answers in {Report.Ms(listP50)} ms p50 ({Report.Ms(Get("b6.list.p99") ?? double.NaN)} ms p99) at half " +
                            $"its peak of {Report.N(Get("b6.list.peak") ?? 0, 1)}/s over {cases:N0} cases, and its cost grows with the store:** " +
                            "page 1 is read through the `openedAt` index, but `total` still counts every visible case that matches, so the count " +
                            "grows with the store (a capped or estimated total would keep it flat), and a filter that matches almost nothing walks " +
                            "the index far before it fills a page. " +
                            (Get("b6.workload.p50") is { } workload
                                ? $"The agency workload ({Report.Ms(workload)} ms p50 over {Get("b6.referrals") ?? 0:N0} referrals) is counted in SQL, " +
                                  "but still reads every referral row; a counter read model would keep it flat."
                                : ""));

        if (Get("b8.p99") is { } lag && lag > 1000)
            report.Obstacle($"**B8: projection lag p99 {Report.Ms(lag)} ms (p50 {Report.Ms(Get("b8.p50") ?? double.NaN)} ms; goal 1,000 ms).** The daemon " +
                            "finds new events by polling its high-water mark and then runs each projection's batch in the API process, on the " +
                            "same cores as the requests; under write load the polls and batches queue behind request work. It polls every " +
                            "100 ms under load (`CasesStore`); a daemon on its own node (`Projections:Daemon=HotCold` with a second instance) " +
                            "is the next lever.");
    }
}
