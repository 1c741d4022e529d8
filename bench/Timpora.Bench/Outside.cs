using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Timpora.Bench;

/// <summary>
/// EXT, the same two measurements as B0 and B2 taken with standard tools instead of this harness: pgbench inserts B0's
/// row into B0's table, wrk sends B2's openings with B2's token to the API as its own process. If the harness's load
/// loops, its clock or its HTTP client distorted B0 or B2, the ratio wrk ÷ pgbench would not match B2 ÷ B0.
/// <para>
/// One measurement of each is not enough on a small shared machine: B0 alone moved by half between runs with the disk's
/// fsync latency, and whatever ran a minute earlier (a checkpoint, a daemon catching up, the JIT of a fresh process)
/// lands on whichever side runs next. So the tools and the harness take turns, round after round, on the same table and
/// the same API process, the order swapped every round, and medians are compared.
/// </para>
/// </summary>
public static partial class Outside
{
    /// <summary>
    /// How far the two ratios may differ (relative) and still count as the same figure. Each throughput is a short
    /// closed-loop peak on one small machine that PostgreSQL, the API and the load generator share; B2 ÷ B0 moved by 9 %
    /// between two full runs on a quiet machine, and twice that movement is the band. The rounds' own spread is reported
    /// next to it, so a reader can see whether the band was wide enough.
    /// </summary>
    public const double Tolerance = 0.20;

    private const string WrkMarker = "timpora-wrk";

    /// <summary>One measured load: its throughput, latency and where the CPU went during its measured window.</summary>
    private sealed record Measurement(int Round, bool Harness, double Rate, double P50Ms, double P99Ms, CpuMeter.Usage? Cpu, string? Invalid)
    {
        /// <summary>CPU of PostgreSQL, the API and the load generator per operation, in ms.</summary>
        public string CpuPerOperation => Cpu is { } c && Rate > 0
            ? $"{Report.Ms(c.Api / Rate * 1000)} / {Report.Ms(c.Postgres / Rate * 1000)} / {Report.Ms(c.LoadGenerator / Rate * 1000)}"
            : "n/a";
    }

    public static async Task Run(Bench bench)
    {
        var settings = bench.Settings;
        var rounds = settings.ExtRounds;
        var threads = Math.Min(2, settings.Connections);
        var warmup = WholeSeconds(settings.Warmup);
        var duration = WholeSeconds(settings.Duration);

        // The raw side: B0's row, B0's statement, B0's table emptied before every measurement.
        var (data, headers) = RawInserts.RealEvent(bench);
        var pgbench = PgbenchPath();
        var script = await PgbenchScript(settings);
        var floor = new List<Measurement>();
        for (var round = 1; round <= rounds; round++)
        foreach (var harness in Order(round))
        {
            await bench.Settle($"EXT round {round}/{rounds}");
            await using (var truncate = bench.Database.CreateCommand("truncate bench.raw_events restart identity"))
                await truncate.ExecuteNonQueryAsync();
            floor.Add(harness
                ? await HarnessInserts(bench, round, rounds, data, headers)
                : await Pgbench(bench, round, rounds, pgbench, script, threads, warmup, duration, data, headers));
        }

        // The HTTP side: one API process for every round, so both sides meet the same JIT, heap and connection pool.
        var http = new List<Measurement>();
        if (OnPath("wrk") is not { } wrk)
            bench.Ui.Note("ext: wrk is not installed, the HTTP half is skipped (bench/run.sh installs it when run as root; apt-get install wrk)");
        else
        {
            await using var api = ApiProcess.Start(settings.ApiDir, "Timpora.Api.dll", "api-ext", settings.LogDir, bench.ApiEnvironment());
            using (bench.Ui.Start("EXT starting the API", TimeSpan.FromSeconds(10)))
                await api.WaitFor2xx("/health/live", TimeSpan.FromSeconds(120));
            using var client = api.Client(settings.Connections);
            var openings = new Openings(bench, client);

            // The first opening generates and compiles the handler; it must not land in a measured window.
            using (var warming = bench.Ui.Start("EXT first requests", TimeSpan.FromSeconds(10)))
                for (var i = 0; i < 10; i++)
                {
                    warming.Status($"opening case {i + 1}/10");
                    await openings.Open(i, CancellationToken.None);
                }

            await bench.WarmApi("EXT", openings);
            var lua = Path.Combine(settings.OutDir, "ext-wrk.lua");
            await File.WriteAllTextAsync(lua, Lua(openings.Token, openings.Bodies, threads));
            for (var round = 1; round <= rounds; round++)
            foreach (var harness in Order(round))
            {
                await bench.CatchUp($"EXT round {round}/{rounds}", TimeSpan.FromMinutes(2));
                await bench.Settle($"EXT round {round}/{rounds}");
                http.Add(harness
                    ? await HarnessOpenings(bench, round, rounds, api, openings)
                    : await Wrk(bench, round, rounds, wrk, lua, api, threads, warmup, duration));
            }

            bench.ApiMemory.Add(("EXT API (harness and wrk in turn)", api.PeakMemoryKb()));
        }

        Write(bench, rounds, threads, warmup, duration, floor, http, Encoding.UTF8.GetByteCount(data) + Encoding.UTF8.GetByteCount(headers));
    }

    /// <summary>
    /// Odd rounds measure the harness first, even rounds the tool: neither side always follows the other's work (its
    /// dirty pages, its WAL, its autovacuum), and a machine that gets busier or quieter during the phase affects both.
    /// Over an even number of rounds each side also holds as many odd as even places in the sequence, which matters:
    /// consecutive raw-insert measurements alternated between slow and fast by about 16 %, whichever tool ran (seen in
    /// a full run: 4,635, 5,363, 4,517, 5,378, 4,869, 5,694 rows/s), and three rounds gave one side two of the slow places.
    /// </summary>
    private static bool[] Order(int round) => round % 2 == 1 ? [true, false] : [false, true];

    /// <summary>pgbench takes whole seconds (-T), wrk too: the same lengths as B0 and B2, rounded, and never zero.</summary>
    private static int WholeSeconds(TimeSpan length) => Math.Max(1, (int)Math.Round(length.TotalSeconds));

    private static string Label(int round, int rounds, string what) => rounds > 1 ? $"EXT round {round}/{rounds}: {what}" : $"EXT {what}";

    // --- The harness's side: B0's and B2's own loops ------------------------------------------------------------------

    private static async Task<Measurement> HarnessInserts(Bench bench, int round, int rounds, string data, string headers)
    {
        var settings = bench.Settings;
        using var phase = bench.Ui.Start(Label(round, rounds, $"harness raw INSERT (B0), {settings.Connections} connections"), settings.Warmup + settings.Duration);
        CpuMeter? cpu = null;
        var (result, _) = await RawInserts.Measure(bench, data, headers, phase.Status, measuring: () => cpu = new CpuMeter(null));
        return new Measurement(round, true, result.Throughput, result.Latency.PercentileMs(50), result.Latency.PercentileMs(99), cpu?.Stop(),
            result.Failed > 0 ? $"{result.Failed:N0} inserts failed" : null);
    }

    private static async Task<Measurement> HarnessOpenings(Bench bench, int round, int rounds, ApiProcess api, Openings openings)
    {
        var settings = bench.Settings;
        using var phase = bench.Ui.Start(Label(round, rounds, $"harness POST /api/cases (B2), {settings.Connections} connections"), settings.Warmup + settings.Duration);
        CpuMeter? cpu = null;
        var result = await openings.Closed(settings.Connections, settings.Warmup, settings.Duration, phase.Status, () => cpu = new CpuMeter(api.Id));
        return new Measurement(round, true, result.Throughput, result.Latency.PercentileMs(50), result.Latency.PercentileMs(99), cpu?.Stop(),
            result.Failed > 0 ? $"{result.Failed:N0} openings failed: {result.FirstError}" : null);
    }

    // --- pgbench: B0's row into B0's table ------------------------------------------------------------------------

    private static string PgbenchPath() =>
        Environment.GetEnvironmentVariable("TIMPORA_PG_BINDIR") is { Length: > 0 } bin && File.Exists(Path.Combine(bin, "pgbench"))
            ? Path.Combine(bin, "pgbench")
            : OnPath("pgbench") ?? throw new InvalidOperationException("pgbench not found (it ships with the PostgreSQL server, in $(pg_config --bindir)).");

    /// <summary>
    /// B0 sends a new, unprepared command each time: Npgsql's extended protocol with an unnamed statement, parsed on every
    /// execution, the JSON as parameters. pgbench -M extended does the same, its -D variables becoming the parameters.
    /// What PostgreSQL does per row has to match B0's, down to details that looked harmless:
    /// <list type="bullet">
    /// <item>Each row is a new stream at version 1, with ascending stream ids, as B0's UUIDv7 are. pgbench has no UUIDs:
    /// the id is a hex prefix given per run followed by twelve decimal digits the client counts (<c>:s</c>, interleaved
    /// over the clients). Rows of one stream with ascending versions, the other way to keep the unique index growing,
    /// ran 20–25 % above B0: PostgreSQL appends to the end of a B-tree faster than it inserts near it.</item>
    /// <item>No other expression: parse analysis of every function and operator in the statement is paid on every
    /// execution. Ids built in SQL (UUIDv7 from gen_random_uuid() and the clock, or a counter through to_hex and lpad)
    /// cost PostgreSQL 20–40 % more CPU per row than B0's insert, and pgbench ran 10–18 % below B0.</item>
    /// </list>
    /// </summary>
    private static async Task<string> PgbenchScript(Settings settings)
    {
        var script = Path.Combine(settings.OutDir, "ext-pgbench.sql");
        await File.WriteAllTextAsync(script, $"""
            -- Written by bench/Timpora.Bench (phase EXT): B0's INSERT, one row per transaction (autocommit).
            \set n :n + 1
            \set s 100000000000 + :n * {settings.Connections} + :client_id
            insert into bench.raw_events (id, stream_id, version, data, type, mt_dotnet_type, correlation_id, headers)
            values (:id, (:prefix::text || :s::text)::uuid, 1, :data, 'sighting_reported', 'Timpora.Cases.SightingReported, Timpora.Cases', :correlation, :headers);

            """);
        return script;
    }

    private static async Task<Measurement> Pgbench(Bench bench, int round, int rounds, string pgbench, string script, int threads, int warmup, int duration,
        string data, string headers)
    {
        var settings = bench.Settings;
        using var phase = bench.Ui.Start(Label(round, rounds, $"pgbench raw INSERT, {settings.Connections} connections"), TimeSpan.FromSeconds(warmup + duration + 2));

        var connection = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = connection.Host ?? "127.0.0.1",
            ["PGPORT"] = connection.Port.ToString(CultureInfo.InvariantCulture),
            ["PGDATABASE"] = connection.Database ?? "timpora",
            ["PGUSER"] = connection.Username ?? "postgres",
            ["PGPASSWORD"] = connection.Password ?? "",
        };
        var logPrefix = Path.Combine(settings.LogDir, $"ext-pgbench-{round}-latency");
        foreach (var old in Directory.EnumerateFiles(settings.LogDir, $"ext-pgbench-{round}-latency*")) File.Delete(old);

        List<string> Arguments(int seconds, bool log)
        {
            // Each run counts from a number of its own: the warm-up's rows stay in the table the measured run inserts into.
            var start = (round * 2L + (log ? 1 : 0)) * 100_000_000L;
            List<string> arguments =
            [
                "-n", "-M", "extended", "-c", settings.Connections.ToString(CultureInfo.InvariantCulture),
                "-j", threads.ToString(CultureInfo.InvariantCulture), "-T", seconds.ToString(CultureInfo.InvariantCulture), "-P", "1",
                "-f", script, "-D", "data=" + data, "-D", "headers=" + headers, "-D", "n=" + start.ToString(CultureInfo.InvariantCulture),
                "-D", "id=" + Guid.CreateVersion7(), "-D", "prefix=" + Guid.CreateVersion7().ToString("N")[..20], "-D", "correlation=" + Guid.NewGuid(),
            ];
            if (log) arguments.AddRange(["-l", "--log-prefix=" + logPrefix]);
            return arguments;
        }

        void Progress(string stage, string line, int length)
        {
            // "progress: 2.0 s, 3169.9 tps, lat 5.027 ms stddev 2.389, 0 failed"
            var match = PgbenchProgress().Match(line);
            if (match.Success)
                phase.Status($"{stage}{double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture):N0}/s " +
                             $"({double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture):N0}/{length} s)");
        }

        phase.Status("warming up");
        var warm = await Tool(pgbench, Arguments(warmup, false), $"ext-pgbench-{round}-warmup", settings.LogDir, TimeSpan.FromSeconds(warmup + 60),
            line => Progress("warming up: ", line, warmup), environment);
        if (warm.Exit != 0) throw new InvalidOperationException($"pgbench (warm-up) exited with {warm.Exit}: {Last(warm.Output)} (bench/out/logs/ext-pgbench-{round}-warmup.log).");

        // The warm-up's backends end a moment after pgbench does; their CPU must not be taken for the measured run's.
        await Task.Delay(500);
        var cpu = new CpuMeter(null);
        var children = ReapedChildrenSeconds(Environment.ProcessId);
        var backends = Postmaster() is { } postmaster ? ReapedChildrenSeconds(postmaster) : 0;
        var measured = await Tool(pgbench, Arguments(duration, true), $"ext-pgbench-{round}", settings.LogDir, TimeSpan.FromSeconds(duration + 60),
            line => Progress("", line, duration), environment);
        // pgbench's connections end with it, and their backends with them: CpuMeter only sees backends still running, so
        // their CPU is taken from what the postmaster has reaped in the meantime (all of it theirs: they began in the window).
        // The pause lets them all end first, so none is counted both ways.
        await Task.Delay(300);
        var usage = WithTool(cpu.Stop(), ReapedChildrenSeconds(Environment.ProcessId) - children,
            Postmaster() is { } reaper ? ReapedChildrenSeconds(reaper) - backends : 0);
        if (measured.Exit != 0) throw new InvalidOperationException($"pgbench exited with {measured.Exit}: {Last(measured.Output)} (bench/out/logs/ext-pgbench-{round}.log).");

        var output = measured.Output;
        var tps = Number(PgbenchTps(), output) ?? throw new InvalidOperationException($"pgbench printed no tps (bench/out/logs/ext-pgbench-{round}.log).");
        var latency = new Histogram();
        // -l: one line per transaction, "client transaction latency_us script epoch us".
        foreach (var file in Directory.EnumerateFiles(settings.LogDir, $"ext-pgbench-{round}-latency*"))
        foreach (var line in File.ReadLines(file))
        {
            var fields = line.Split(' ');
            if (fields.Length > 2 && long.TryParse(fields[2], CultureInfo.InvariantCulture, out var microseconds)) latency.RecordMicroseconds(microseconds);
        }

        var failed = (long)(Number(PgbenchFailed(), output) ?? 0);
        var mode = PgbenchMode().Match(output) is { Success: true } m ? m.Groups[1].Value : "unknown";
        return new Measurement(round, false, tps, latency.PercentileMs(50), latency.PercentileMs(99), usage,
            failed > 0 ? $"{failed:N0} pgbench transactions failed" : mode != "extended" ? $"pgbench ran in {mode} query mode" : null);
    }

    // --- wrk: B2's openings, B2's token, the API as its own process -----------------------------------------------

    private static async Task<Measurement> Wrk(Bench bench, int round, int rounds, string wrk, string script, ApiProcess api, int threads, int warmup, int duration)
    {
        var settings = bench.Settings;
        List<string> Arguments(int seconds) =>
        [
            "-c", settings.Connections.ToString(CultureInfo.InvariantCulture), "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s", "--timeout", $"{Load.OperationTimeout.TotalSeconds:F0}s", "--latency", "-s", script, api.BaseAddress + "api/cases",
        ];

        using var phase = bench.Ui.Start(Label(round, rounds, $"wrk POST /api/cases, {settings.Connections} connections"), TimeSpan.FromSeconds(warmup + duration + 1));
        var clock = Stopwatch.StartNew();
        var measuring = false;
        using var ticker = new Timer(_ =>
        {
            var elapsed = clock.Elapsed.TotalSeconds;
            phase.Status(Volatile.Read(ref measuring)
                ? $"measuring ({Math.Min(elapsed, duration):N0}/{duration} s)"
                : $"warming up ({Math.Min(elapsed, warmup):N0}/{warmup} s)");
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));

        var warm = await Tool(wrk, Arguments(warmup), $"ext-wrk-{round}-warmup", settings.LogDir, TimeSpan.FromSeconds(warmup + 60), null, null);
        if (warm.Exit != 0) throw new InvalidOperationException($"wrk (warm-up) exited with {warm.Exit}: {Last(warm.Output)} (bench/out/logs/ext-wrk-{round}-warmup.log).");
        clock.Restart();
        Volatile.Write(ref measuring, true);
        var cpu = new CpuMeter(api.Id);
        var children = ReapedChildrenSeconds(Environment.ProcessId);
        var measured = await Tool(wrk, Arguments(duration), $"ext-wrk-{round}", settings.LogDir, TimeSpan.FromSeconds(duration + 60), null, null);
        var usage = WithTool(cpu.Stop(), ReapedChildrenSeconds(Environment.ProcessId) - children, 0);
        if (measured.Exit != 0) throw new InvalidOperationException($"wrk exited with {measured.Exit}: {Last(measured.Output)} (bench/out/logs/ext-wrk-{round}.log).");
        return ParseWrk(measured.Output, round, usage);
    }
    /// <summary>
    /// The wrk script: B2's bodies in turn, each with a passport number of its own (built per request, as the harness
    /// builds its requests), every response's status counted in
    /// <c>response</c>, and one machine-readable line printed by <c>done</c>.
    /// </summary>
    private static string Lua(string token, IReadOnlyList<string> bodies, int threads)
    {
        var lua = new StringBuilder();
        lua.AppendLine("-- Written by bench/Timpora.Bench (phase EXT): POST /api/cases with B2's bodies and token; counts every non-2xx.");
        lua.AppendLine($"local token = {LuaString(token)}");
        lua.AppendLine($"local threads_count = {threads}");
        lua.AppendLine("local bodies = {");
        foreach (var body in bodies) lua.AppendLine($"  {LuaString(body)},");
        lua.AppendLine("}");
        lua.AppendLine($$"""
            local threads = {}
            local next_id = 0

            function setup(thread)
              thread:set("id", next_id)
              next_id = next_id + 1
              table.insert(threads, thread)
            end

            function init(args)
              request_headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
              -- Every opening reports a new person, as the harness's do: a passport number of its own, unique per run and thread.
              prefix = string.format("W%03d%d", os.time() % 1000, id)
              people = 0
              index = id
              ok = 0
              non2xx = 0
              statuses = {}
            end

            function request()
              people = people + 1
              local body = bodies[(index % #bodies) + 1]:gsub('"passportNumber":"[^"]*"', '"passportNumber":"' .. prefix .. string.format("%05d", people) .. '"', 1)
              index = index + threads_count
              return wrk.format("POST", "/api/cases", request_headers, body)
            end

            function response(status, headers, body)
              if status >= 200 and status < 300 then
                ok = ok + 1
              else
                non2xx = non2xx + 1
                statuses[status] = (statuses[status] or 0) + 1
              end
            end

            function done(summary, latency, requests)
              local total_ok, total_non2xx, by_status = 0, 0, {}
              for _, thread in ipairs(threads) do
                total_ok = total_ok + thread:get("ok")
                total_non2xx = total_non2xx + thread:get("non2xx")
                for status, count in pairs(thread:get("statuses")) do by_status[status] = (by_status[status] or 0) + count end
              end
              local listed = {}
              for status, count in pairs(by_status) do table.insert(listed, status .. ":" .. count) end
              local e = summary.errors
              io.write(string.format("{{WrkMarker}} ok=%d non2xx=%d requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%.0f p90_us=%.0f p99_us=%.0f max_us=%.0f statuses=%s\n",
                total_ok, total_non2xx, summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
                latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, table.concat(listed, ",")))
            end
            """);
        return lua.ToString();
    }

    /// <summary>A Lua long string whose brackets occur nowhere in the text.</summary>
    private static string LuaString(string text)
    {
        var level = 0;
        while (text.Contains(']' + new string('=', level) + ']', StringComparison.Ordinal)) level++;
        var equals = new string('=', level);
        return $"[{equals}[{text}]{equals}]";
    }

    private static Measurement ParseWrk(string output, int round, CpuMeter.Usage usage)
    {
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith(WrkMarker, StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"wrk printed no summary line: {Last(output)} (bench/out/logs/ext-wrk-{round}.log).");
        var fields = line[WrkMarker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
        double Field(string name) => double.Parse(fields[name], CultureInfo.InvariantCulture);
        var seconds = Field("duration_us") / 1e6;
        var ok = (long)Field("ok");
        var non2xx = (long)Field("non2xx");
        string[] socket = ["connect", "read", "write", "timeout"];
        var socketErrors = socket.Sum(s => (long)Field(s));
        var invalid = ok == 0 ? "wrk had no 2xx answer"
            : non2xx > 0 || socketErrors > 0
                ? $"wrk had {non2xx:N0} non-2xx answers ({fields.GetValueOrDefault("statuses")}) and socket errors: {string.Join(", ", socket.Select(s => $"{s} {fields[s]}"))}"
                : null;
        return new Measurement(round, false, seconds > 0 ? ok / seconds : 0, Field("p50_us") / 1000, Field("p99_us") / 1000, usage, invalid);
    }

    // --- The report -------------------------------------------------------------------------------------------------

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>How far a series moved across the rounds: (largest − smallest) ÷ median.</summary>
    private static double Spread(IReadOnlyCollection<double> values) => values.Count < 2 ? double.NaN : (values.Max() - values.Min()) / Median(values);

    private static void Write(Bench bench, int rounds, int threads, int warmup, int duration, List<Measurement> floor, List<Measurement> http, int rowBytes)
    {
        var report = bench.Report;
        var n = bench.Settings.Connections;
        double? Fact(string key) => bench.Facts.TryGetValue(key, out var v) && v > 0 ? v : null;
        static string Signed(double ratio) => double.IsNaN(ratio) ? "n/a" : (ratio >= 0 ? "+" : "−") + Report.Percent(Math.Abs(ratio));
        static string Pct(double ratio) => double.IsNaN(ratio) ? "n/a" : Report.Percent(ratio);

        double Of(List<Measurement> list, bool harness) => Median(list.Where(m => m.Harness == harness && m.Invalid is null).Select(m => m.Rate));
        var (b0, pgbench, b2, wrk) = (Of(floor, true), Of(floor, false), Of(http, true), Of(http, false));
        bench.Facts["ext.pgbench"] = pgbench;
        bench.Facts["ext.wrk"] = wrk;
        var outside = wrk / pgbench;
        var paired = b2 / b0;
        var headline = Fact("b2.peak") is { } peak && Fact("b0") is { } raw ? peak / raw : double.NaN;
        var invalid = floor.Concat(http).Where(m => m.Invalid is not null).Select(m => $"round {m.Round}, {(m.Harness ? "harness" : "tool")}: {m.Invalid}").ToList();

        string Judge(double against, string what)
        {
            var difference = outside / against - 1;
            if (double.IsNaN(difference)) return $"not judged against {what}";
            return Math.Abs(difference) <= Tolerance
                ? $"**agrees** with {what} ({Signed(difference)})"
                : $"**does not agree** with {what} ({Signed(difference)})";
        }

        string verdict;
        if (http.Count == 0) verdict = "not judged: wrk is not installed";
        else if (invalid.Count > 0) verdict = $"not judged: {string.Join("; ", invalid)}";
        else verdict = $"{Judge(headline, "the headline B2 ÷ B0")}, {Judge(paired, "the harness in the same rounds")}; tolerance ±{Tolerance * 100:N0} %";

        // Other programs' CPU during the loads: on a busy machine each figure moves with them, whatever the tools say.
        var cores = Environment.ProcessorCount;
        var busiest = floor.Concat(http).Select(m => m.Cpu?.Others ?? 0).DefaultIfEmpty(0).Max();
        if (busiest > 0.25 * cores)
            verdict += $"; taken on a busy machine (other programs used up to {busiest:N2} of {cores} cores during these loads), so it says little either way";

        report.Summary($"EXT outside cross-check: pgbench and wrk, {n} connections, {rounds} round{(rounds == 1 ? "" : "s")}",
            $"medians pgbench {Report.N(pgbench)} tps, wrk {(http.Count == 0 ? "not run" : $"{Report.N(wrk)} requests/s")}; " +
            $"wrk ÷ pgbench {Pct(outside)} vs B2 ÷ B0 {Pct(headline)} (headline), {Pct(paired)} (harness, same rounds): {verdict}");

        var rows = new StringBuilder();
        rows.AppendLine("| round | load | order | harness /s | tool /s | tool vs harness | p50 ms harness / tool | p99 ms harness / tool | CPU ms per operation, harness: API / PostgreSQL / load generator | same, tool |");
        rows.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, list, tool) in new[] { ("raw INSERT", floor, "pgbench"), ("`POST /api/cases`", http, "wrk") })
        for (var round = 1; round <= rounds; round++)
        {
            if (list.FirstOrDefault(m => m.Round == round && m.Harness) is not { } h || list.FirstOrDefault(m => m.Round == round && !m.Harness) is not { } t) continue;
            rows.AppendLine($"| {round} | {name} | {(Order(round)[0] ? $"harness, then {tool}" : $"{tool}, then harness")} | {Report.N(h.Rate)} | {Report.N(t.Rate)} | " +
                            $"{Signed(t.Rate / h.Rate - 1)} | {Report.Ms(h.P50Ms)} / {Report.Ms(t.P50Ms)} | {Report.Ms(h.P99Ms)} / {Report.Ms(t.P99Ms)} | {h.CpuPerOperation} | {t.CpuPerOperation} |");
        }

        string SpreadOf(List<Measurement> list, bool harness) => Pct(Spread(list.Where(m => m.Harness == harness).Select(m => m.Rate).ToList()));

        report.Section("EXT", "outside cross-check with pgbench and wrk", $"""
            B0 and B2 measured again with standard tools, on the same database with the same {n} connections, in {rounds}
            round{(rounds == 1 ? "" : "s")}. In each round the harness's own load (B0's insert loop, B2's HTTP client) and the tool
            run back to back, the harness first in odd rounds and the tool first in even ones; before each measurement the
            database is settled (vacuumed, analysed, checkpointed, no autovacuum worker left). Every measurement has its
            {warmup} s warm-up (for the tools a separate run, discarded) and {duration} s measured; CPU is taken over the measured
            window only.

            - **raw INSERT**: B0's row ({rowBytes:N0} bytes of JSON as parameters) into B0's table (`bench.raw_events`,
              emptied before each measurement). pgbench in extended query mode, like B0's unprepared Npgsql commands (parse,
              bind and execute of an unnamed statement every time; `-c {n} -j {threads} -T {duration}`), each row a new stream at
              version 1 as in B0, with ascending stream ids counted by the clients (a per-run prefix and a counter; pgbench
              has no UUIDs), every other value a plain parameter, one row per transaction; latency percentiles from its
              per-transaction log (`-l`). Script: `bench/out/ext-pgbench.sql`.
            - **`POST /api/cases`**: one API process, started as for B2 (same build, same environment) and warmed as B2's
              ({bench.Settings.ApiWarmup.TotalSeconds:N0} s of openings, not measured), serves every round; before each measurement its async daemon has caught up. The harness sends B2's
              requests with B2's client; wrk (`-c {n} -t {threads} -d {duration}s --latency`) sends the same 2,000 bodies
              with the same reporter token, each with a passport number of its own as the harness's are, and its Lua script counts every answer that is not 2xx (a run with any, or with
              socket errors, is not a valid measurement). Script: `bench/out/ext-wrk.lua`.

            {rows}
            Medians: harness raw INSERT {Report.N(b0)} rows/s, pgbench {Report.N(pgbench)} tps; harness openings {Report.N(b2)}/s,
            wrk {Report.N(wrk)}/s. Spread across the rounds ((largest − smallest) ÷ median): harness raw INSERT {SpreadOf(floor, true)},
            pgbench {SpreadOf(floor, false)}, harness openings {SpreadOf(http, true)}, wrk {SpreadOf(http, false)}.

            | ratio | HTTP opening ÷ raw INSERT | outside differs by |
            |---|---|---|
            | **outside**: wrk ÷ pgbench (medians) | **{Pct(outside)}** | |
            | headline: B2 ÷ B0 (the B0 and B2 phases earlier in this run) | {Pct(headline)} | {Signed(outside / headline - 1)} |
            | harness in the same rounds (medians) | {Pct(paired)} | {Signed(outside / paired - 1)} |

            **Verdict:** {verdict}.

            The tolerance is ±{Tolerance * 100:N0} % of the harness's ratio: each figure is a short closed-loop peak on one
            machine shared by PostgreSQL, the API and the load generator, and B2 ÷ B0 moved by 9 % between two full runs on a
            quiet machine; twice that is the band. The spreads above show how far each series moved within this run. The
            "tool vs harness" column shows which side a difference comes from; the CPU columns show where it went (the load
            generator's share is the harness process or the tool). Full output of every tool run in bench/out/logs/ext-*.log.
            """);
    }

    // --- Running a tool ---------------------------------------------------------------------------------------------

    private static async Task<(int Exit, string Output)> Tool(string file, IEnumerable<string> arguments, string logName, string logDir, TimeSpan timeout,
        Action<string>? line, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        if (environment is not null)
            foreach (var (key, value) in environment) info.Environment[key] = value;

        var output = new StringBuilder();
        await using var log = new StreamWriter(Path.Combine(logDir, $"{logName}.log"), append: false) { AutoFlush = true };
        await log.WriteLineAsync($"$ {file} {string.Join(' ', info.ArgumentList.Select(a => a.Length > 120 ? a[..120] + "…" : a))}");
        void Received(string? text)
        {
            if (text is null) return;
            lock (output)
            {
                output.AppendLine(text);
                log.WriteLine(text);
            }

            line?.Invoke(text);
        }

        using var process = Children.Track(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}."));
        process.OutputDataReceived += (_, e) => Received(e.Data);
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{Path.GetFileName(file)} did not finish within {timeout.TotalSeconds:N0} s (bench/out/logs/{logName}.log).");
        }

        lock (output) return (process.ExitCode, output.ToString());
    }

    /// <summary>
    /// CPU seconds of a process's children that have exited and been reaped (cutime + cstime, USER_HZ ticks). The tools
    /// are the only children of this process that exit during their own runs, so the difference across a run is the
    /// tool's CPU; for the postmaster it is the CPU of the backends that ended.
    /// </summary>
    private static double ReapedChildrenSeconds(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    private static int? Postmaster()
    {
        var file = Environment.GetEnvironmentVariable("TIMPORA_PG_DATA") is { Length: > 0 } data ? Path.Combine(data, "postmaster.pid") : null;
        try
        {
            return file is not null && File.Exists(file) ? int.Parse(File.ReadLines(file).First().Trim(), CultureInfo.InvariantCulture) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The tool is the load generator of these runs, and the backends of its connections are PostgreSQL's: CPU that
    /// <see cref="CpuMeter"/> could only see as "other programs" moves to those columns.
    /// </summary>
    private static CpuMeter.Usage WithTool(CpuMeter.Usage usage, double toolSeconds, double endedBackendSeconds)
    {
        var tool = usage.Seconds > 0 ? toolSeconds / usage.Seconds : 0;
        var backends = usage.Seconds > 0 ? endedBackendSeconds / usage.Seconds : 0;
        return usage with
        {
            LoadGenerator = usage.LoadGenerator + tool,
            Postgres = usage.Postgres + backends,
            Others = Math.Max(0, usage.Others - tool - backends),
        };
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => Path.Combine(directory, name)).FirstOrDefault(File.Exists);

    private static double? Number(Regex pattern, string text) =>
        pattern.Match(text) is { Success: true } match ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static string Last(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";

    [GeneratedRegex(@"^progress: ([\d.]+) s, ([\d.]+) tps", RegexOptions.Multiline)]
    private static partial Regex PgbenchProgress();

    [GeneratedRegex(@"^tps = ([\d.]+) \(without initial connection time\)", RegexOptions.Multiline)]
    private static partial Regex PgbenchTps();


    [GeneratedRegex(@"^number of failed transactions: (\d+)", RegexOptions.Multiline)]
    private static partial Regex PgbenchFailed();


    [GeneratedRegex(@"^query mode: (\w+)", RegexOptions.Multiline)]
    private static partial Regex PgbenchMode();
}
