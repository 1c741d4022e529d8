using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;

namespace Timpora.Bench;

/// <summary>
/// EXT, the same two measurements as B0 and B2 taken with standard tools instead of this harness: pgbench inserts B0's
/// row into B0's table, wrk sends B2's openings with B2's token to the API as its own process. If the harness's load
/// loops, its clock or its HTTP client distorted B0 or B2, the ratio wrk ÷ pgbench would not match B2 ÷ B0.
/// </summary>
public static partial class Outside
{
    /// <summary>
    /// How far the two ratios may differ (relative) and still count as the same figure. Each of the four throughputs is
    /// a short closed-loop peak on one small machine that PostgreSQL, the API and the load generator share. Two full runs
    /// on a quiet 2-core machine gave B0 5,099 and 5,037 rows/s and B2 298 and 270 openings/s: B2 ÷ B0 of 5.8 % and
    /// 5.4 %, 9 % apart. Twice that movement is the band; beyond it, one side measures something the other does not.
    /// </summary>
    public const double Tolerance = 0.20;

    private const string WrkMarker = "timpora-wrk";

    public static async Task Run(Bench bench)
    {
        var settings = bench.Settings;
        var n = settings.Connections;
        var threads = Math.Min(2, n);
        var warmup = WholeSeconds(settings.Warmup);
        var duration = WholeSeconds(settings.Duration);

        await bench.Settle("EXT");
        var floor = await Pgbench(bench, threads, warmup, duration);
        await bench.Settle("EXT");
        var http = await Wrk(bench, threads, warmup, duration);
        Write(bench, threads, warmup, duration, floor, http);
    }

    /// <summary>pgbench takes whole seconds (-T), wrk too: the same lengths as B0 and B2, rounded, and never zero.</summary>
    private static int WholeSeconds(TimeSpan length) => Math.Max(1, (int)Math.Round(length.TotalSeconds));

    private sealed record FloorRun(string Mode, double Tps, long Transactions, long Failed, double AverageMs, Histogram Latency, int RowBytes);

    private sealed record HttpRun(double Rps, long Ok, long Non2xx, string Statuses, long SocketErrors, string SocketDetail,
        double P50Ms, double P90Ms, double P99Ms, double MaxMs)
    {
        public bool Valid => Ok > 0 && Non2xx == 0 && SocketErrors == 0;
    }

    // --- pgbench: B0's row into B0's table ------------------------------------------------------------------------

    private static async Task<FloorRun> Pgbench(Bench bench, int threads, int warmup, int duration)
    {
        var settings = bench.Settings;
        var pgbench = Environment.GetEnvironmentVariable("TIMPORA_PG_BINDIR") is { Length: > 0 } bin && File.Exists(Path.Combine(bin, "pgbench"))
            ? Path.Combine(bin, "pgbench")
            : OnPath("pgbench") ?? throw new InvalidOperationException("pgbench not found (it ships with the PostgreSQL server, in $(pg_config --bindir)).");

        using var phase = bench.Ui.Start($"EXT pgbench raw INSERT, {settings.Connections} connections", TimeSpan.FromSeconds(warmup + duration + 2));

        // The row B0 inserted, read back from B0's table; then the table is emptied so pgbench starts where B0 started.
        string data, headers;
        await using (var read = bench.Database.CreateCommand("select data::text, headers::text from bench.raw_events order by seq_id limit 1"))
        await using (var row = await read.ExecuteReaderAsync())
        {
            if (!await row.ReadAsync()) throw new InvalidOperationException("bench.raw_events is empty: EXT needs B0's table and row (run b0 first).");
            data = Compact(row.GetString(0));
            headers = Compact(row.GetString(1));
        }

        await using (var truncate = bench.Database.CreateCommand("truncate bench.raw_events restart identity"))
            await truncate.ExecuteNonQueryAsync();

        // B0 sends a new, unprepared command each time: Npgsql's extended protocol with an unnamed statement, parsed on
        // every execution, the JSON as parameters. pgbench -M extended does the same, its -D variables becoming the
        // parameters. B0's ids are UUIDv7 (time-ordered, so the unique stream/version index grows at its end); PostgreSQL
        // 15 has no uuidv7(), so the script builds one from the clock and gen_random_uuid() in the statement itself.
        var script = Path.Combine(settings.OutDir, "ext-pgbench.sql");
        const string V7 = "encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing " +
                          "substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid";
        await File.WriteAllTextAsync(script, $"""
            -- Written by bench/Timpora.Bench (phase EXT): B0's INSERT, one row per transaction (autocommit).
            insert into bench.raw_events (id, stream_id, version, data, type, mt_dotnet_type, correlation_id, headers)
            values ({V7}, {V7}, 1, :data, 'sighting_reported', 'Timpora.Cases.SightingReported, Timpora.Cases', gen_random_uuid()::text, :headers);

            """);

        var connection = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = connection.Host ?? "127.0.0.1",
            ["PGPORT"] = connection.Port.ToString(CultureInfo.InvariantCulture),
            ["PGDATABASE"] = connection.Database ?? "timpora",
            ["PGUSER"] = connection.Username ?? "postgres",
            ["PGPASSWORD"] = connection.Password ?? "",
        };
        var logPrefix = Path.Combine(settings.LogDir, "ext-pgbench-latency");
        foreach (var old in Directory.EnumerateFiles(settings.LogDir, "ext-pgbench-latency*")) File.Delete(old);

        List<string> Arguments(int seconds, bool log)
        {
            List<string> arguments =
            [
                "-n", "-M", "extended", "-c", settings.Connections.ToString(CultureInfo.InvariantCulture),
                "-j", threads.ToString(CultureInfo.InvariantCulture), "-T", seconds.ToString(CultureInfo.InvariantCulture), "-P", "1",
                "-f", script, "-D", "data=" + data, "-D", "headers=" + headers,
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
        var warm = await Tool(pgbench, Arguments(warmup, false), "ext-pgbench-warmup", settings.LogDir, TimeSpan.FromSeconds(warmup + 60),
            line => Progress("warming up: ", line, warmup), environment);
        if (warm.Exit != 0) throw new InvalidOperationException($"pgbench (warm-up) exited with {warm.Exit}: {Last(warm.Output)} (bench/out/logs/ext-pgbench-warmup.log).");

        // The warm-up's backends end a moment after pgbench does; their CPU must not be taken for the measured run's.
        await Task.Delay(500);
        var cpu = new CpuMeter(null);
        var children = ReapedChildrenSeconds(Environment.ProcessId);
        var backends = Postmaster() is { } postmaster ? ReapedChildrenSeconds(postmaster) : 0;
        var measured = await Tool(pgbench, Arguments(duration, true), "ext-pgbench", settings.LogDir, TimeSpan.FromSeconds(duration + 60),
            line => Progress("", line, duration), environment);
        // pgbench's connections end with it, and their backends with them: CpuMeter only sees backends still running, so
        // their CPU is taken from what the postmaster has reaped in the meantime (all of it theirs: they began in the window).
        // The pause lets them all end first, so none is counted both ways.
        await Task.Delay(300);
        var usage = WithTool(cpu.Stop(), ReapedChildrenSeconds(Environment.ProcessId) - children,
            Postmaster() is { } reaper ? ReapedChildrenSeconds(reaper) - backends : 0);
        if (measured.Exit != 0) throw new InvalidOperationException($"pgbench exited with {measured.Exit}: {Last(measured.Output)} (bench/out/logs/ext-pgbench.log).");

        var output = measured.Output;
        var tps = Number(PgbenchTps(), output) ?? throw new InvalidOperationException("pgbench printed no tps (bench/out/logs/ext-pgbench.log).");
        var latency = new Histogram();
        // -l: one line per transaction, "client transaction latency_us script epoch us".
        foreach (var file in Directory.EnumerateFiles(settings.LogDir, "ext-pgbench-latency*"))
        foreach (var line in File.ReadLines(file))
        {
            var fields = line.Split(' ');
            if (fields.Length > 2 && long.TryParse(fields[2], CultureInfo.InvariantCulture, out var microseconds)) latency.RecordMicroseconds(microseconds);
        }

        var run = new FloorRun(PgbenchMode().Match(output) is { Success: true } mode ? mode.Groups[1].Value : "extended", tps,
            (long)(Number(PgbenchProcessed(), output) ?? 0), (long)(Number(PgbenchFailed(), output) ?? 0), Number(PgbenchAverage(), output) ?? double.NaN,
            latency, Encoding.UTF8.GetByteCount(data) + Encoding.UTF8.GetByteCount(headers));
        bench.Cpu.Add(("EXT pgbench raw INSERT (load generator: pgbench)", usage, run.Tps));
        bench.Facts["ext.pgbench"] = run.Tps;
        return run;
    }

    /// <summary>jsonb prints a space after every colon and comma; the row goes back on the wire as compact as B0 sent it.</summary>
    private static string Compact(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    // --- wrk: B2's openings, B2's token, the API as its own process -----------------------------------------------

    private static async Task<HttpRun?> Wrk(Bench bench, int threads, int warmup, int duration)
    {
        var settings = bench.Settings;
        if (OnPath("wrk") is not { } wrk)
        {
            bench.Ui.Note("ext: wrk is not installed, the HTTP half is skipped (bench/run.sh installs it when run as root; apt-get install wrk)");
            return null;
        }

        await using var api = ApiProcess.Start(settings.ApiDir, "Timpora.Api.dll", "api-ext", settings.LogDir, bench.ApiEnvironment());
        using (bench.Ui.Start("EXT starting the API", TimeSpan.FromSeconds(10)))
            await api.WaitFor2xx("/health/live", TimeSpan.FromSeconds(120));

        // B2's token and bodies: the reporter's HS256 token, the 2,000 sighting reports B2 cycles through (spread over the
        // regencies, so case-number allocation queues the same way).
        var token = bench.Token(Bench.Reporter);
        var now = bench.Clock.Now;
        var bodies = Enumerable.Range(0, 2000).Select(i => Samples.OpenCaseBody(i, now)).ToArray();

        // The first opening generates and compiles the handler; it must not land in wrk's window (B2 does the same).
        using (var warming = bench.Ui.Start("EXT first requests", TimeSpan.FromSeconds(10)))
        {
            using var client = api.Client(1, token);
            for (var i = 0; i < 10; i++)
            {
                warming.Status($"opening case {i + 1}/10");
                using var response = await client.PostAsync("/api/cases", new StringContent(bodies[i], Encoding.UTF8, "application/json"));
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"POST /api/cases answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            warming.Status("waiting for the async projections to catch up");
            await bench.ProjectionsCaughtUp(TimeSpan.FromSeconds(60));
        }

        var script = Path.Combine(settings.OutDir, "ext-wrk.lua");
        await File.WriteAllTextAsync(script, Lua(token, bodies, threads));

        List<string> Arguments(int seconds) =>
        [
            "-c", settings.Connections.ToString(CultureInfo.InvariantCulture), "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s", "--timeout", $"{Load.OperationTimeout.TotalSeconds:F0}s", "--latency", "-s", script, api.BaseAddress + "api/cases",
        ];

        HttpRun run;
        using (var phase = bench.Ui.Start($"EXT wrk POST /api/cases, {settings.Connections} connections", TimeSpan.FromSeconds(warmup + duration + 1)))
        {
            var clock = Stopwatch.StartNew();
            var measuring = false;
            using var ticker = new Timer(_ =>
            {
                var elapsed = clock.Elapsed.TotalSeconds;
                phase.Status(Volatile.Read(ref measuring)
                    ? $"measuring ({Math.Min(elapsed, duration):N0}/{duration} s)"
                    : $"warming up ({Math.Min(elapsed, warmup):N0}/{warmup} s)");
            }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));

            var warm = await Tool(wrk, Arguments(warmup), "ext-wrk-warmup", settings.LogDir, TimeSpan.FromSeconds(warmup + 60), null, null);
            if (warm.Exit != 0) throw new InvalidOperationException($"wrk (warm-up) exited with {warm.Exit}: {Last(warm.Output)} (bench/out/logs/ext-wrk-warmup.log).");
            clock.Restart();
            Volatile.Write(ref measuring, true);
            var cpu = new CpuMeter(api.Id);
            var children = ReapedChildrenSeconds(Environment.ProcessId);
            var measured = await Tool(wrk, Arguments(duration), "ext-wrk", settings.LogDir, TimeSpan.FromSeconds(duration + 60), null, null);
            var usage = WithTool(cpu.Stop(), ReapedChildrenSeconds(Environment.ProcessId) - children, 0);
            if (measured.Exit != 0) throw new InvalidOperationException($"wrk exited with {measured.Exit}: {Last(measured.Output)} (bench/out/logs/ext-wrk.log).");
            run = ParseWrk(measured.Output);
            bench.Cpu.Add(("EXT wrk POST /api/cases (load generator: wrk)", usage, run.Rps));
        }

        bench.ApiMemory.Add(("EXT API (wrk)", api.PeakMemoryKb()));
        bench.Facts["ext.wrk"] = run.Rps;
        return run;
    }

    /// <summary>
    /// The wrk script: every request prepared once per thread (B2's bodies, in turn), every response's status counted in
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
              local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
              prepared = {}
              for i, body in ipairs(bodies) do prepared[i] = wrk.format("POST", "/api/cases", headers, body) end
              index = id
              ok = 0
              non2xx = 0
              statuses = {}
            end

            function request()
              local r = prepared[(index % #prepared) + 1]
              index = index + threads_count
              return r
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

    private static HttpRun ParseWrk(string output)
    {
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith(WrkMarker, StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"wrk printed no summary line: {Last(output)} (bench/out/logs/ext-wrk.log).");
        var fields = line[WrkMarker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
        double Field(string name) => double.Parse(fields[name], CultureInfo.InvariantCulture);
        var seconds = Field("duration_us") / 1e6;
        var ok = (long)Field("ok");
        string[] socket = ["connect", "read", "write", "timeout"];
        return new HttpRun(seconds > 0 ? ok / seconds : 0, ok, (long)Field("non2xx"), fields.GetValueOrDefault("statuses") ?? "",
            socket.Sum(s => (long)Field(s)), string.Join(", ", socket.Select(s => $"{s} {fields[s]}")),
            Field("p50_us") / 1000, Field("p90_us") / 1000, Field("p99_us") / 1000, Field("max_us") / 1000);
    }

    // --- The report -------------------------------------------------------------------------------------------------

    private static void Write(Bench bench, int threads, int warmup, int duration, FloorRun floor, HttpRun? http)
    {
        var report = bench.Report;
        var n = bench.Settings.Connections;
        double? Fact(string key) => bench.Facts.TryGetValue(key, out var v) && v > 0 ? v : null;
        var b0 = Fact("b0");
        var b2 = Fact("b2.peak");

        string verdict;
        double? outside = http is { Valid: true } && floor.Tps > 0 && floor.Failed == 0 ? http.Rps / floor.Tps : null;
        double? inside = b0 is { } x && b2 is { } y ? y / x : null;
        double? difference = outside is { } o && inside is { } i ? o / i - 1 : null;
        if (http is null) verdict = "not judged: wrk is not installed";
        else if (!http.Valid) verdict = $"not judged: wrk had {http.Non2xx:N0} non-2xx answers and {http.SocketErrors:N0} socket errors — not a valid measurement";
        else if (floor.Failed > 0) verdict = $"not judged: {floor.Failed:N0} pgbench transactions failed";
        else if (difference is not { } d) verdict = "not judged: B0 or B2 did not complete in this run";
        else if (Math.Abs(d) <= Tolerance) verdict = $"**agrees within noise** ({Signed(d)}, tolerance ±{Tolerance * 100:N0} %)";
        else verdict = $"**does not agree** ({Signed(d)}, tolerance ±{Tolerance * 100:N0} %)";

        // Other programs' CPU during the four loads: on a busy machine each figure moves with them, whatever the tools say.
        var cores = Environment.ProcessorCount;
        var busiest = bench.Cpu.Where(c => c.Phase is "B0 raw INSERT" or "B2 POST /api/cases peak" || c.Phase.StartsWith("EXT ", StringComparison.Ordinal))
            .Select(c => c.Usage.Others).DefaultIfEmpty(0).Max();
        if (busiest > 0.25 * cores)
            verdict += $"; taken on a busy machine (other programs used up to {busiest:N2} of {cores} cores during these loads), so it says little either way";

        static string Signed(double ratio) => (ratio >= 0 ? "+" : "−") + Report.Percent(Math.Abs(ratio));
        static string Versus(double outside, double? inside) => inside is { } v && v > 0 ? Signed(outside / v - 1) : "n/a";

        report.Summary($"EXT outside cross-check: pgbench and wrk, {n} connections",
            $"pgbench {Report.N(floor.Tps)} tps, wrk {(http is null ? "not run" : $"{Report.N(http.Rps)} requests/s")}; " +
            $"wrk ÷ pgbench {(outside is { } r ? Report.Percent(r) : "n/a")} vs B2 ÷ B0 {(inside is { } q ? Report.Percent(q) : "n/a")}: {verdict}");

        var wrkRow = http is null
            ? "| wrk `POST /api/cases` | not run: wrk is not installed | | | | | | |"
            : $"| wrk `POST /api/cases` (B2's bodies and token) | {Report.N(http.Rps)} requests/s | {Report.N(b2 ?? double.NaN)} (B2 peak) | {Versus(http.Rps, b2)} | " +
              $"{Report.Ms(http.P50Ms)} | {Report.Ms(http.P99Ms)} | {Report.Ms(http.MaxMs)} | {http.Non2xx:N0} non-2xx{(http.Statuses.Length > 0 ? $" ({http.Statuses})" : "")}, {http.SocketDetail} |";
        report.Section("EXT", "outside cross-check with pgbench and wrk", $"""
            B0 and B2 measured again with standard tools, back to back after B2, on the same database, with the same
            {n} connections, {warmup} s warm-up (a separate run of the tool, discarded) and {duration} s measured. Before each
            tool, as before B1 and B2, the database is settled (vacuumed, analysed, checkpointed, no autovacuum worker left).

            - **pgbench** ({floor.Mode} query mode, like B0's unprepared Npgsql commands: parse, bind and execute of an unnamed
              statement every time; `-c {n} -j {threads} -T {duration}`): B0's INSERT into B0's table (`bench.raw_events`, emptied
              first), B0's row ({floor.RowBytes:N0} bytes of JSON as parameters, read back from what B0 inserted), time-ordered
              UUIDv7 ids built in SQL as B0's are by .NET, one row per transaction. Latency percentiles from its per-transaction
              log (`-l`). Script: `bench/out/ext-pgbench.sql`.
            - **wrk** (`-c {n} -t {threads} -d {duration}s --latency`): `POST /api/cases` with the same 2,000 bodies B2 cycles
              through and the same reporter token, against the API as its own process started as for B2 (same build,
              same environment; first openings sent before the load so first-request work is outside the window).
              The Lua script counts every answer that is not 2xx; a run with any, or with socket errors, is not a valid
              measurement. Script: `bench/out/ext-wrk.lua`.

            | tool | throughput | harness figure | tool vs harness | p50 ms | p99 ms | max ms | errors |
            |---|---|---|---|---|---|---|---|
            | pgbench raw INSERT | {Report.N(floor.Tps)} tps | {Report.N(b0 ?? double.NaN)} (B0) | {Versus(floor.Tps, b0)} | {Report.Ms(floor.Latency.PercentileMs(50))} | {Report.Ms(floor.Latency.PercentileMs(99))} | {Report.Ms(floor.Latency.MaxMs)} | {floor.Failed:N0} failed of {floor.Transactions:N0} |
            {wrkRow}

            | ratio | outside (wrk ÷ pgbench) | harness (B2 ÷ B0) | relative difference | verdict |
            |---|---|---|---|---|
            | HTTP opening ÷ raw INSERT | {(outside is { } a ? Report.Percent(a) : "n/a")} | {(inside is { } b ? Report.Percent(b) : "n/a")} | {(difference is { } c ? Signed(c) : "n/a")} | {verdict} |

            The tools' own summaries: pgbench {floor.Transactions:N0} transactions, latency average {Report.Ms(floor.AverageMs)} ms;
            {(http is null ? "wrk not run" : $"wrk {http.Ok:N0} answers 2xx, p90 {Report.Ms(http.P90Ms)} ms")} (full output in bench/out/logs/ext-*.log).

            The tolerance is ±{Tolerance * 100:N0} % of the harness's ratio: each of the four figures is a short closed-loop peak on
            one machine shared by PostgreSQL, the API and the load generator, and B2 ÷ B0 moved by 9 % between two full runs on
            a quiet machine; twice that is the band. A ratio within it means the harness's loops, clock and HTTP client do not
            distort the headline figure. The "tool vs harness" column shows which side a difference comes from; both tools running a
            little below or above the harness by the same amount means the machine was busier or quieter a minute later
            (CPU table, "other programs"), which the ratio cancels. The tools' own CPU per operation is in the CPU table
            (load generator).
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

    [GeneratedRegex(@"^number of transactions actually processed: (\d+)", RegexOptions.Multiline)]
    private static partial Regex PgbenchProcessed();

    [GeneratedRegex(@"^number of failed transactions: (\d+)", RegexOptions.Multiline)]
    private static partial Regex PgbenchFailed();

    [GeneratedRegex(@"^latency average = ([\d.]+) ms", RegexOptions.Multiline)]
    private static partial Regex PgbenchAverage();

    [GeneratedRegex(@"^query mode: (\w+)", RegexOptions.Multiline)]
    private static partial Regex PgbenchMode();
}
