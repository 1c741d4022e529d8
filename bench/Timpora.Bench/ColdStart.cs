using System.Net.Http.Headers;
using System.Text;
using Timpora.Cases;

namespace Timpora.Bench;

/// <summary>
/// B7: from starting the process to its first 2xx — <c>/health/live</c>, then an authenticated read, then a write —
/// each measured from the moment the process was started. The API as <c>dotnet publish</c> builds it (handlers
/// pre-generated, loaded with TypeLoadMode.Static), the same published ReadyToRun as the Dockerfile ships it when
/// bench/run.sh built it, and a bare ASP.NET Core minimal API as the yardstick. Operating-system caches are warm (the same files ran moments before): this is the
/// start of a new instance on a running machine, not of a machine booting.
/// </summary>
public static class ColdStart
{
    private const string CaseRoute = "GET /api/cases/{id}";

    private sealed record Start(TimeSpan? Listening, TimeSpan Live, TimeSpan? Read, TimeSpan? Write, long PeakKb);

    public static async Task Run(Bench bench)
    {
        var settings = bench.Settings;
        Guid caseId;
        await using (var command = bench.Database.CreateCommand($"select id from {CasesStore.Schema}.mt_doc_case limit 1"))
            caseId = (Guid)(await command.ExecuteScalarAsync())!;
        var investigator = bench.Token(Bench.Investigator);
        var reporter = bench.Token(Bench.Reporter);

        var variants = new List<(string Name, string Directory, string Dll, bool Api)>
        {
            ("Timpora API, pre-generated handlers, JIT (`dotnet publish`)", settings.ApiDir, "Timpora.Api.dll", true),
        };
        if (settings.ReadyToRunApiDir is { } r2r) variants.Add(("Timpora API, pre-generated handlers, ReadyToRun (as the Dockerfile builds it)", r2r, "Timpora.Api.dll", true));
        variants.Add(("bare ASP.NET Core minimal API (one MapGet)", settings.BareDir, "BareApi.dll", false));

        var results = new List<(string Name, bool Api, List<Start> Starts)>();
        foreach (var (name, directory, dll, isApi) in variants)
        {
            var starts = new List<Start>();
            for (var run = 0; run < settings.ColdStartRuns; run++)
            {
                using var phase = bench.Ui.Start($"B7 cold start {run + 1}/{settings.ColdStartRuns}: {name}", TimeSpan.FromSeconds(isApi ? 6 : 1));
                var environment = isApi ? bench.ApiEnvironment() : new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" };
                await using var process = ApiProcess.Start(directory, dll, isApi ? $"api-b7-{Path.GetFileName(directory)}" : "bare-b7",
                    settings.LogDir, environment);
                var live = await process.WaitFor2xx("/health/live", TimeSpan.FromSeconds(120));
                TimeSpan? read = null, write = null;
                if (isApi)
                {
                    read = await process.WaitFor2xx($"/api/cases/{caseId}", TimeSpan.FromSeconds(120), investigator);
                    write = await process.WaitFor2xx("/api/cases", TimeSpan.FromSeconds(120), reporter, () => new HttpRequestMessage(HttpMethod.Post, "/api/cases")
                    {
                        Content = new StringContent(Samples.OpenCaseBody(run, bench.Clock.Now), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
                    });
                }

                starts.Add(new Start(process.ListeningAfter, live, read, write, process.PeakMemoryKb()));
                phase.Status($"first 2xx after {live.TotalMilliseconds:N0} ms");
            }

            results.Add((name, isApi, starts));
        }

        Write(bench, results);
    }

    private static void Write(Bench bench, List<(string Name, bool Api, List<Start> Starts)> results)
    {
        static double Median(IEnumerable<double> milliseconds) => Latencies.Median(milliseconds.Select(ms => (long)(ms * 1000))) / 1000;

        var table = new StringBuilder();
        table.AppendLine("| process | runs | host started (\"Now listening\" logged) | first 2xx: GET /health/live | first authenticated GET /api/cases/{id} | first POST /api/cases | peak memory (VmHWM) |");
        table.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (name, api, starts) in results)
        {
            var live = Median(starts.Select(s => s.Live.TotalMilliseconds));
            var read = api ? Median(starts.Select(s => s.Read!.Value.TotalMilliseconds)) : double.NaN;
            var write = api ? Median(starts.Select(s => s.Write!.Value.TotalMilliseconds)) : double.NaN;
            var listening = Median(starts.Where(s => s.Listening is not null).Select(s => s.Listening!.Value.TotalMilliseconds));
            table.AppendLine($"| {name} | {starts.Count} | {listening:N0} ms | {live:N0} ms | {(api ? $"{read:N0} ms" : "—")} | {(api ? $"{write:N0} ms" : "—")} | {Median(starts.Select(s => (double)s.PeakKb)) / 1024:N0} MiB |");
            bench.Report.Summary($"B7 cold start: {name}",
                api ? $"/health/live {live:N0} ms, GET case {read:N0} ms, POST {write:N0} ms (medians of {starts.Count})" : $"/health/live {live:N0} ms (median of {starts.Count})");
        }

        var bare = results.FirstOrDefault(r => !r.Api);
        var bareLive = bare.Starts is null ? double.NaN : Median(bare.Starts.Select(s => s.Live.TotalMilliseconds));
        foreach (var (name, _, starts) in results.Where(r => r.Api))
        {
            var live = Median(starts.Select(s => s.Live.TotalMilliseconds));
            var read = Median(starts.Select(s => s.Read!.Value.TotalMilliseconds));
            var (label, key) = name.Contains("ReadyToRun", StringComparison.Ordinal) ? ("ReadyToRun, as shipped", "r2r") : ("JIT", "jit");
            bench.Facts[$"b7.{key}.live"] = live;
            bench.Facts[$"b7.{key}.read"] = read;
            bench.Facts[$"b7.{key}.listening"] = Median(starts.Where(s => s.Listening is not null).Select(s => s.Listening!.Value.TotalMilliseconds));
            bench.Facts[$"b7.{key}.memory"] = Median(starts.Select(s => (double)s.PeakKb)) / 1024;
            bench.Facts["b7.bare"] = bareLive;
            bench.Report.Goal(new Goal($"B7 cold start to first 2xx ({label})",
                $"/health/live {live:N0} ms; first API read {read:N0} ms", "≤ 1,500 ms", live <= 1500 && read <= 1500,
                "judged on the first authenticated API read, the first 2xx a user gets"));
            bench.Report.Goal(new Goal($"B7 cold start ÷ bare minimal API ({label})",
                $"{live / bareLive:N1}× (/health/live), {read / bareLive:N1}× (first API read); bare: {bareLive:N0} ms", "≤ 3×",
                double.IsNaN(bareLive) ? null : read / bareLive <= 3));
        }

        bench.Report.Section("B7", "cold start to the first 2xx", $"""
            Each process is started with `dotnet <app>.dll` (production settings, the seeded store) and polled every 5 ms from the
            moment it was started: `GET /health/live` until 2xx, then an authenticated `{CaseRoute}` until 2xx, then one
            `POST /api/cases` — all times from the process start, medians of the runs. The first API request is where
            Wolverine loads the pre-generated handler of the endpoint it hits and where Marten first reaches the database, so it
            is the figure a user feels. Caches of the operating system are warm. The ReadyToRun row is the same sources published
            with `-r linux-x64 -p:PublishReadyToRun=true` (bench/run.sh); without `--r2r` the table has no such row.

            {table}
            """);
    }
}
