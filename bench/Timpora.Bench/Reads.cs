using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Timpora.Cases;

namespace Timpora.Bench;

/// <summary>
/// B6: read latency on the seeded store — one case, the list, the agency workload — each first at its peak (closed loop,
/// N connections) and then at a fixed rate of half that peak (open model), the API as its own process.
/// </summary>
public static class Reads
{
    public static async Task Run(Bench bench)
    {
        var settings = bench.Settings;
        var ids = new List<Guid>();
        await using (var command = bench.Database.CreateCommand($"select id from {CasesStore.Schema}.mt_doc_case tablesample system (5) limit 5000"))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        if (ids.Count == 0)
        {
            await using var command = bench.Database.CreateCommand($"select id from {CasesStore.Schema}.mt_doc_case limit 5000");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        }

        var cases = await bench.ScalarAsync($"select count(*) from {CasesStore.Schema}.mt_doc_case");
        var referrals = await bench.ScalarAsync($"select count(*) from {CasesStore.Schema}.mt_doc_agencyreferral");
        bench.Facts["b6.cases"] = cases;
        bench.Facts["b6.referrals"] = referrals;

        await using var api = ApiProcess.Start(settings.ApiDir, "Timpora.Api.dll", "api-b6", settings.LogDir, bench.ApiEnvironment());
        using (bench.Ui.Start("B6 starting the API on the seeded store", TimeSpan.FromSeconds(10)))
            await api.WaitFor2xx("/health/live", TimeSpan.FromSeconds(120));
        using var client = api.Client(settings.Connections, bench.Token(Bench.Investigator));

        var reads = new (string Name, Func<long, string> Path)[]
        {
            ("GET /api/cases/{id}", i => $"/api/cases/{ids[(int)(i % ids.Count)]}"),
            ("GET /api/cases (list, page of 20, one of four filters)", Samples.ListQuery),
            ("GET /api/workload/agencies", _ => "/api/workload/agencies"),
        };

        var rows = new StringBuilder();
        rows.AppendLine("| read | peak requests/s | peak p50 ms | peak p99 ms | fixed rate /s | p50 ms | p90 ms | p99 ms | max ms | failed | shed |");
        rows.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        var peakLength = TimeSpan.FromSeconds(Math.Max(2, settings.Duration.TotalSeconds / 2));
        foreach (var (name, path) in reads)
        {
            async Task<bool> Get(OpContext op, CancellationToken cancellation)
            {
                using var response = await client.GetAsync(path(op.Index * 31 + op.Worker + 1), cancellation);
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{name} answered {(int)response.StatusCode}");
                return true;
            }

            // The endpoint's first request generates its handler code; that belongs to B7, not here.
            using (var first = await client.GetAsync(path(0)))
                if (first.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{name} answered {(int)first.StatusCode}.");

            LoadResult peak;
            using (var phase = bench.Ui.Start($"B6 {name} peak", settings.Warmup + peakLength))
                peak = await Load.Closed(settings.Connections, settings.Warmup, peakLength, Get, phase.Status);
            var rate = Math.Max(0.5, peak.Throughput / 2);
            LoadResult steady;
            var cpu = new CpuMeter(api.Id);
            using (var phase = bench.Ui.Start($"B6 {name} at {rate:N1}/s", settings.Duration))
                steady = await Load.Open(rate, settings.Duration, Get, phase.Status);
            bench.Cpu.Add(($"B6 {name} at half its peak", cpu.Stop(), steady.Throughput));
            var key = name.Contains("list", StringComparison.Ordinal) ? "list" : name.Contains("workload", StringComparison.Ordinal) ? "workload" : "case";
            bench.Facts[$"b6.{key}.peak"] = peak.Throughput;
            bench.Facts[$"b6.{key}.p50"] = steady.Latency.PercentileMs(50);
            bench.Facts[$"b6.{key}.p99"] = steady.Latency.PercentileMs(99);

            rows.AppendLine($"| {name} | {Report.N(peak.Throughput, 1)} | {Report.Ms(peak.Latency.PercentileMs(50))} | {Report.Ms(peak.Latency.PercentileMs(99))} | " +
                            $"{Report.N(rate, 1)} | {Report.Ms(steady.Latency.PercentileMs(50))} | {Report.Ms(steady.Latency.PercentileMs(90))} | **{Report.Ms(steady.Latency.PercentileMs(99))}** | " +
                            $"{Report.Ms(steady.Latency.MaxMs())} | {peak.Failed + steady.Failed} | {steady.Shed} |");
            bench.Report.Summary($"B6 {name}, peak / at half the peak",
                $"{Report.N(peak.Throughput, 1)}/s; p50 {Report.Ms(steady.Latency.PercentileMs(50))} ms, p99 {Report.Ms(steady.Latency.PercentileMs(99))} ms at {Report.N(rate, 1)}/s",
                peak.Throughput);
            if ((peak.FirstError ?? steady.FirstError) is { } error) rows.AppendLine($"\nFirst failure of {name}: `{error}`\n");
        }

        bench.ApiMemory.Add(("B6 API (reads on the seeded store)", api.PeakMemoryKb()));
        bench.Report.Section("B6", "read latency on the seeded store", $"""
            The store as B5 left it: {cases:N0} case summaries, {referrals:N0} referral documents (the agency workload view). An
            investigator's token (sees every case, so nothing is filtered out for visibility). Each read first at its peak
            (closed loop, {settings.Connections} connections, {settings.Warmup.TotalSeconds:N0} s warm-up, {peakLength.TotalSeconds:N0} s measured),
            then at a fixed rate of half that peak for {settings.Duration.TotalSeconds:N0} s (open model, latency from the due time).

            {rows}
            """);
    }
}
