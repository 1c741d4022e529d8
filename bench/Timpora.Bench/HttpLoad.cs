using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Timpora.Bench;

/// <summary>
/// B2 (and B8, measured during B2's fixed-rate run): the real API as its own process, production settings, a real HS256
/// token on every request, over loopback HTTP/1.1 keep-alive connections from this process.
/// </summary>
public static class HttpLoad
{
    public static async Task Run(Bench bench)
    {
        await bench.Settle("B2");
        var settings = bench.Settings;
        await using var api = ApiProcess.Start(settings.ApiDir, "Timpora.Api.dll", "api-b2", settings.LogDir, bench.ApiEnvironment());
        using (var starting = bench.Ui.Start("B2 starting the API", TimeSpan.FromSeconds(10)))
            await api.WaitFor2xx("/health/live", TimeSpan.FromSeconds(120));

        using var client = api.Client(settings.Connections);
        var investigator = new AuthenticationHeaderValue("Bearer", bench.Token(Bench.Investigator));
        var now = bench.Clock.Now;
        var known = new KnownCases();
        var openings = new Openings(bench, client) { Opened = known.Add };

        // Each endpoint once before anything is measured: the first request to an endpoint generates and compiles its
        // handler (B7 measures that); it must not land inside a measured window. The mix also needs cases to act on.
        using (var warming = bench.Ui.Start("B2 first requests and 50 cases to act on", TimeSpan.FromSeconds(15)))
        {
            for (var i = 0; i < 50; i++)
            {
                warming.Status($"opening case {i + 1}/50");
                await openings.Open(i, CancellationToken.None);
            }

            foreach (var warm in new Func<Guid, HttpRequestMessage>[]
                     {
                         id => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{id}/verification") { Content = Json(Samples.VerifyBody(1)) },
                         id => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{id}/referrals") { Content = Json(Samples.ReferBody(1, DateOnly.FromDateTime(now.DateTime))) },
                         id => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{id}"),
                         _ => new HttpRequestMessage(HttpMethod.Get, Samples.ListQuery(0)),
                     })
            {
                using var request = warm(known.Any());
                warming.Status($"{request.Method} {request.RequestUri}");
                request.Headers.Authorization = investigator;
                using var response = await client.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        // The API starts with whatever was appended without a daemon still to project; it must not project it during the peak.
        var (backlog, caughtUpIn) = await bench.CatchUp("B2", TimeSpan.FromMinutes(5));
        bench.Facts["b2.backlog"] = backlog;
        await bench.WarmApi("B2", openings);

        // Peak: N connections, each sending its next opening as soon as the last one is answered.
        LoadResult peak;
        var cpu = new CpuMeter(api.Id);
        using (var phase = bench.Ui.Start($"B2 HTTP POST /api/cases peak, {settings.Connections} connections", settings.Warmup + settings.Duration))
            peak = await openings.Closed(settings.Connections, settings.Warmup, settings.Duration, phase.Status);
        bench.PeakHttpWriteRate = peak.Throughput;
        bench.Cpu.Add(("B2 POST /api/cases peak", cpu.Stop(), peak.Throughput));

        // Half the peak, open model; B8 watches the async projections take in the same writes.
        var rate = Math.Max(1, peak.Throughput / 2);
        await bench.ProjectionsCaughtUp(TimeSpan.FromSeconds(60));
        LoadResult steady;
        LagWatcher.Lags lags;
        cpu = new CpuMeter(api.Id);
        await using (var lag = new LagWatcher(bench))
        {
            using (var phase = bench.Ui.Start($"B2 + B8 POST /api/cases at {rate:N0}/s (half the peak)", settings.Duration))
                steady = await Load.Open(rate, settings.Duration, async (op, cancellation) =>
                {
                    lag.Acknowledged(await openings.Open(op.Index, cancellation));
                    return true;
                }, phase.Status);
            bench.Cpu.Add(("B2 POST /api/cases at half the peak", cpu.Stop(), steady.Throughput));
            using (bench.Ui.Start("B8 waiting for the projections to catch up", TimeSpan.FromSeconds(2)))
                lags = await lag.Finish(TimeSpan.FromSeconds(60));
        }

        // The mix: what a working day looks like, as shares of requests.
        var today = DateOnly.FromDateTime(now.DateTime);
        async Task<bool> Mixed(OpContext op, CancellationToken cancellation)
        {
            var roll = (int)((ulong)(op.Index * 7919 + (op.Worker + 1) * 104_729) % 100);
            if (roll < 20)
            {
                op.Kind = "open (POST /api/cases)";
                await openings.Open(op.Index, cancellation);
                return true;
            }

            var caseId = known.Any();
            HttpRequestMessage request;
            HttpStatusCode expected;
            if (roll < 30)
            {
                op.Kind = "verify (POST …/verification)";
                request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/verification") { Content = Json(Samples.VerifyBody(op.Index)) };
                expected = HttpStatusCode.OK;
            }
            else if (roll < 40)
            {
                op.Kind = "refer (POST …/referrals)";
                request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/referrals") { Content = Json(Samples.ReferBody(op.Index, today)) };
                expected = HttpStatusCode.Created;
            }
            else if (roll < 80)
            {
                op.Kind = "read a case (GET /api/cases/{id})";
                request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{caseId}");
                expected = HttpStatusCode.OK;
            }
            else
            {
                op.Kind = "list (GET /api/cases?…)";
                request = new HttpRequestMessage(HttpMethod.Get, Samples.ListQuery(op.Index));
                expected = HttpStatusCode.OK;
            }

            using (request)
            {
                request.Headers.Authorization = investigator;
                using var response = await client.SendAsync(request, cancellation);
                // Two requests may pick the same case at once: the loser's 409 is the API doing its job, but it is not
                // the answer the request wanted, so it counts as failed (and says so).
                if (response.StatusCode != expected)
                    throw new InvalidOperationException($"{op.Kind} answered {(int)response.StatusCode}");
                return true;
            }
        }

        LoadResult mixPeak;
        cpu = new CpuMeter(api.Id);
        using (var phase = bench.Ui.Start($"B2 mix peak, {settings.Connections} connections", settings.Warmup + settings.Duration))
            mixPeak = await Load.Closed(settings.Connections, settings.Warmup, settings.Duration, Mixed, phase.Status);
        bench.Cpu.Add(("B2 mix peak", cpu.Stop(), mixPeak.Throughput));
        var mixRate = Math.Max(1, mixPeak.Throughput / 2);
        await bench.ProjectionsCaughtUp(TimeSpan.FromSeconds(60));
        LoadResult mixSteady;
        using (var phase = bench.Ui.Start($"B2 mix at {mixRate:N0}/s (half its peak)", settings.Duration))
            mixSteady = await Load.Open(mixRate, settings.Duration, Mixed, phase.Status);

        var memory = api.PeakMemoryKb();
        bench.ApiMemory.Add(("B2/B8 API (write peak, mix)", memory));
        Write(bench, peak, steady, lags, mixPeak, mixSteady, backlog, caughtUpIn);
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static ByteArrayContent Json(string body) => Json(Encoding.UTF8.GetBytes(body));

    private static void Write(Bench bench, LoadResult peak, LoadResult steady, LagWatcher.Lags lags, LoadResult mixPeak, LoadResult mixSteady,
        long backlog, TimeSpan caughtUpIn)
    {
        var report = bench.Report;
        var n = bench.Settings.Connections;
        var p99 = steady.Latency.PercentileMs(99);
        bench.Facts["b2.peak"] = peak.Throughput;
        bench.Facts["b2.rate"] = steady.TargetRate;
        bench.Facts["b2.p50"] = steady.Latency.PercentileMs(50);
        bench.Facts["b2.p99"] = p99;
        bench.Facts["b8.p50"] = lags.All.PercentileMs(50);
        bench.Facts["b8.p99"] = lags.All.PercentileMs(99);
        report.Summary($"B2 HTTP POST /api/cases peak, {n} connections",
            $"{Report.N(peak.Throughput)} cases/s, p50 {Report.Ms(peak.Latency.PercentileMs(50))} ms, p99 {Report.Ms(peak.Latency.PercentileMs(99))} ms (closed loop)",
            peak.Throughput);
        report.Summary($"B2 HTTP POST /api/cases at {Report.N(steady.TargetRate)}/s (half the peak, open model)",
            $"p50 {Report.Ms(steady.Latency.PercentileMs(50))} ms, p99 {Report.Ms(p99)} ms, max {Report.Ms(steady.Latency.MaxMs())} ms", steady.Throughput);
        report.Summary($"B2 mix peak, {n} connections", $"{Report.N(mixPeak.Throughput)} requests/s (closed loop)", mixPeak.Throughput);
        report.Summary($"B2 mix at {Report.N(mixSteady.TargetRate)}/s (open model)",
            $"p50 {Report.Ms(mixSteady.Latency.PercentileMs(50))} ms, p99 {Report.Ms(mixSteady.Latency.PercentileMs(99))} ms", mixSteady.Throughput);
        report.Summary($"B8 projection lag at {Report.N(steady.TargetRate)} writes/s",
            $"p50 {Report.Ms(lags.All.PercentileMs(50))} ms, p99 {Report.Ms(lags.All.PercentileMs(99))} ms, max {Report.Ms(lags.All.MaxMs())} ms");

        if (report.B0 is > 0)
            report.Goal(new Goal($"B2 ÷ B0 throughput at {n} connections", $"{Report.N(peak.Throughput)} ÷ {Report.N(report.B0.Value)} = {report.RatioToB0(peak.Throughput)}",
                "≥ 40 %", peak.Throughput / report.B0.Value >= 0.40));
        report.Goal(new Goal($"B2 p99 at half of B2's peak ({Report.N(steady.TargetRate)}/s)", $"{Report.Ms(p99)} ms", "≤ 25 ms",
            steady.Failed + steady.Shed == 0 ? p99 <= 25 : false, steady.Failed + steady.Shed > 0 ? $"{steady.Failed} failed, {steady.Shed} shed" : ""));
        report.Goal(new Goal("B8 async projection lag p99 at half the peak write rate", $"{Report.Ms(lags.All.PercentileMs(99))} ms", "≤ 1,000 ms",
            lags.All.TotalCount == 0 ? null : lags.All.PercentileMs(99) <= 1000, $"{lags.All.TotalCount:N0} writes followed"));

        var kinds = new StringBuilder();
        kinds.AppendLine("| request | share | peak: p50 ms | peak: p99 ms | at half the peak: p50 ms | p99 ms | max ms |");
        kinds.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (kind, share) in new[] { ("open (POST /api/cases)", 20), ("verify (POST …/verification)", 10), ("refer (POST …/referrals)", 10),
                     ("read a case (GET /api/cases/{id})", 40), ("list (GET /api/cases?…)", 20) })
        {
            var p = mixPeak.ByKind.GetValueOrDefault(kind) ?? Latencies.New();
            var s = mixSteady.ByKind.GetValueOrDefault(kind) ?? Latencies.New();
            kinds.AppendLine($"| {kind} | {share} % | {Report.Ms(p.PercentileMs(50))} | {Report.Ms(p.PercentileMs(99))} | {Report.Ms(s.PercentileMs(50))} | {Report.Ms(s.PercentileMs(99))} | {Report.Ms(s.MaxMs())} |");
        }

        var shards = new StringBuilder();
        shards.AppendLine("| async projection | p50 ms | p99 ms | max ms |");
        shards.AppendLine("|---|---|---|---|");
        foreach (var (name, histogram) in lags.ByProjection)
            shards.AppendLine($"| {name} | {Report.Ms(histogram.PercentileMs(50))} | {Report.Ms(histogram.PercentileMs(99))} | {Report.Ms(histogram.MaxMs())} |");
        shards.AppendLine($"| **all of them** (a write is in every view) | **{Report.Ms(lags.All.PercentileMs(50))}** | **{Report.Ms(lags.All.PercentileMs(99))}** | {Report.Ms(lags.All.MaxMs())} |");

        report.Section("B2", "HTTP: POST /api/cases and a realistic mix", $"""
            The API in its own process (`dotnet Timpora.Api.dll`, `ASPNETCORE_ENVIRONMENT=Production`, `Projections:Daemon=Solo`,
            pre-generated handler code, `dotnet publish` without ReadyToRun), the load from the benchmark process over {n} keep-alive HTTP/1.1 loopback
            connections, each request with a real HS256 JWT (reporter for openings, investigator otherwise).
            `RateLimit:PermitsPerMinute` is raised for the run, since all the load comes from two users. Before the peak, the
            API's async daemon caught up with the {backlog:N0} events earlier phases had appended without one ({caughtUpIn.TotalSeconds:N1} s),
            so the load pays only for projecting its own events. Then the new process had {bench.Settings.ApiWarmup.TotalSeconds:N0} s of openings, not
            measured, for its JIT to settle (its CPU per opening kept falling for about a minute), and the database was settled again.

            **Peak** (closed loop: each connection sends its next request when the last is answered), {bench.Settings.Warmup.TotalSeconds:N0} s warm-up then
            {bench.Settings.Duration.TotalSeconds:N0} s measured. **Fixed rate** (open model): requests are due at exact intervals whatever
            the answers do, and latency runs from when a request was due, so queueing behind a slow answer is counted
            (no coordinated omission).

            | load | requests/s | ÷ B0 | p50 ms | p90 ms | p99 ms | max ms | failed | shed |
            |---|---|---|---|---|---|---|---|---|
            | POST /api/cases, peak, {n} connections | {Report.N(peak.Throughput)} | {report.RatioToB0(peak.Throughput)} | {Report.Ms(peak.Latency.PercentileMs(50))} | {Report.Ms(peak.Latency.PercentileMs(90))} | {Report.Ms(peak.Latency.PercentileMs(99))} | {Report.Ms(peak.Latency.MaxMs())} | {peak.Failed} | |
            | POST /api/cases at {Report.N(steady.TargetRate)}/s (half the peak) | {Report.N(steady.Throughput)} | {report.RatioToB0(steady.Throughput)} | {Report.Ms(steady.Latency.PercentileMs(50))} | {Report.Ms(steady.Latency.PercentileMs(90))} | **{Report.Ms(p99)}** | {Report.Ms(steady.Latency.MaxMs())} | {steady.Failed} | {steady.Shed} |
            | mix, peak, {n} connections | {Report.N(mixPeak.Throughput)} | {report.RatioToB0(mixPeak.Throughput)} | {Report.Ms(mixPeak.Latency.PercentileMs(50))} | {Report.Ms(mixPeak.Latency.PercentileMs(90))} | {Report.Ms(mixPeak.Latency.PercentileMs(99))} | {Report.Ms(mixPeak.Latency.MaxMs())} | {mixPeak.Failed} | |
            | mix at {Report.N(mixSteady.TargetRate)}/s (half its peak) | {Report.N(mixSteady.Throughput)} | {report.RatioToB0(mixSteady.Throughput)} | {Report.Ms(mixSteady.Latency.PercentileMs(50))} | {Report.Ms(mixSteady.Latency.PercentileMs(90))} | {Report.Ms(mixSteady.Latency.PercentileMs(99))} | {Report.Ms(mixSteady.Latency.MaxMs())} | {mixSteady.Failed} | {mixSteady.Shed} |

            The mix, per request kind (verify, refer and read pick a random case opened earlier in this phase; a list is one of
            four filters — none, regency, status, nationality — page 1 of 20; a verify or refer that loses a race for the same
            case to another request answers 409 and counts as failed):

            {kinds}
            {((peak.FirstError ?? steady.FirstError ?? mixPeak.FirstError ?? mixSteady.FirstError) is { } error ? $"First failure: `{error}`" : "")}
            """);

        report.Section("B8", "async projection lag at half the peak write rate", $"""
            Measured during B2's fixed-rate run of `POST /api/cases` at {Report.N(steady.TargetRate)}/s: every 10 ms the harness reads
            the daemon's `mt_event_progression` (one row per async projection) on its own connection; afterwards it looks up
            each acknowledged opening's event sequence. A write's lag is the time from its 201 at the client to the first
            reading where the projection had reached that sequence (an upper bound, to within the 10 ms poll). The API runs
            the daemon in `Solo` mode in the same process.

            {shards}
            {lags.Writes:N0} writes followed{(lags.Unseen > 0 ? $", {lags.Unseen:N0} not seen in every projection within the wait" : "")}.
            """);
    }

    /// <summary>Cases opened so far in this phase, for the mix to act on; capped, since a sample is all it needs.</summary>
    private sealed class KnownCases
    {
        private readonly List<Guid> _ids = [];

        public void Add(Guid id)
        {
            lock (_ids)
            {
                if (_ids.Count < 20_000) _ids.Add(id);
                else _ids[Random.Shared.Next(_ids.Count)] = id;
            }
        }

        public Guid Any()
        {
            lock (_ids) return _ids.Count == 0 ? Guid.Empty : _ids[Random.Shared.Next(_ids.Count)];
        }
    }
}
