using System.Text;
using Spectre.Console;

namespace Timpora.Bench;

/// <summary>
/// The benchmark run: every phase in turn against one throwaway PostgreSQL (bench/run.sh starts it), then bench/RESULTS.md.
/// The order matters: the write phases run on a young store, then the seed grows it for the rebuild, the reads on a
/// large store and the cold starts against it.
/// </summary>
public static class BenchMain
{
    public static async Task<int> Main()
    {
        var settings = Settings.FromEnvironment();
        Directory.CreateDirectory(settings.LogDir);
        var started = DateTimeOffset.UtcNow;
        await using var bench = await Bench.Create(settings);
        var machine = await MachineInfo.Read(bench.Database);
        bench.Report = new Report(settings, machine);
        var partial = Path.Combine(settings.OutDir, "RESULTS.partial.md");
        var failures = new List<string>();

        AnsiConsole.MarkupLine($"[bold]Timpora Cases benchmark[/] — {(settings.Quick ? "quick" : "full")} run, N = {settings.Connections}, " +
                               $"phases {string.Join(", ", Settings.AllPhases.Where(settings.Runs))}; logs in {Markup.Escape(settings.LogDir)}");

        await Ui.Run(async ui =>
        {
            bench.Ui = ui;

            async Task Phase(string id, Func<Task> body)
            {
                try
                {
                    await body();
                }
                catch (Exception e)
                {
                    failures.Add($"{id}: {e.GetType().Name}: {e.Message}");
                    await File.AppendAllTextAsync(Path.Combine(settings.LogDir, "failures.log"), $"{DateTimeOffset.UtcNow:O} {id}\n{e}\n\n");
                    bench.Report.Section(id.ToUpperInvariant(), "FAILED", $"The phase failed: `{e.GetType().Name}: {e.Message}` (details in bench/out/logs/failures.log).");
                    ui.Note($"{id} failed: {e.Message}");
                }

                await File.WriteAllTextAsync(partial, bench.Report.Render(false, started, null));
            }

            if (settings.Runs("b0")) await Phase("b0", () => RawInserts.Run(bench));
            if (new[] { "b1", "b3", "b2", "b8" }.Any(settings.Runs)) await Phase("store", () => Rebuild.Prefill(bench));
            if (settings.Runs("b1")) await Phase("b1", () => DomainWrites.Run(bench));
            if (settings.Runs("b3")) await Phase("b3", () => RoundTrips.Run(bench));
            if (settings.Runs("b2") || settings.Runs("b8")) await Phase("b2", () => HttpLoad.Run(bench));
            if (settings.Runs("b5") || settings.Runs("b6") || settings.Runs("b7")) await Phase("seed", () => Rebuild.Seed(bench));
            if (settings.Runs("b5")) await Phase("b5", () => Rebuild.Run(bench));
            if (settings.Runs("b6")) await Phase("b6", () => Reads.Run(bench));
            if (settings.Runs("b7")) await Phase("b7", () => ColdStart.Run(bench));
            if (settings.Runs("reads")) await Phase("b9", () => ReadsAtScale.Run(bench));
        });

        if (bench.ApiMemory.Count > 0)
        {
            var memory = new StringBuilder();
            memory.AppendLine("| API process | peak resident memory (VmHWM) |");
            memory.AppendLine("|---|---|");
            foreach (var (run, kb) in bench.ApiMemory) memory.AppendLine($"| {run} | {kb / 1024.0:N0} MiB |");
            bench.Report.Section("Memory", "peak memory of the API process", $"""
                Read from `/proc/<pid>/status` (VmHWM, the most resident memory the process ever had) just before each API
                process was stopped. Server GC (the ASP.NET Core default) on {machine.Cores} cores.

                {memory}
                """);
            var peak = bench.ApiMemory.Max(m => m.PeakKb);
            bench.Report.Summary("Peak memory of the API process (all runs)", $"{peak / 1024.0:N0} MiB");
        }

        if (bench.Cpu.Count > 0)
        {
            var cpu = new StringBuilder();
            cpu.AppendLine("| phase | API | PostgreSQL | load generator | other programs | seconds | operations/s | CPU ms per operation: API / PostgreSQL / harness |");
            cpu.AppendLine("|---|---|---|---|---|---|---|---|");
            foreach (var (phase, u, throughput) in bench.Cpu)
                cpu.AppendLine($"| {phase} | {u.Api:N2} | {u.Postgres:N2} | {u.LoadGenerator:N2} | {u.Others:N2} | {u.Seconds:N0} | {Report.N(throughput)} | " +
                               $"{PerOperation(u.Api, throughput)} / {PerOperation(u.Postgres, throughput)} / {PerOperation(u.LoadGenerator, throughput)} |");
            bench.Report.Section("CPU", "where the cores went during each load", $"""
                Cores used on average over each load phase (warm-up included), from `/proc`: the API process, this run's PostgreSQL
                (postmaster and backends), the benchmark process (for B0 and B1 it is the application), and everything else on the
                machine. CPU per operation is cores ÷ operations per second (approximate: the warm-up is in the CPU time, not in
                the rate). {machine.Cores} cores in all; a large "other programs" share means the figures of that phase were taken on a
                busy machine.

                {cpu}
                """);
        }

        Findings.Add(bench);

        static string PerOperation(double cores, double throughput) => throughput > 0 ? (cores / throughput * 1000).ToString("N2", Report.Invariant) : "—";
        if (failures.Count > 0)
            bench.Report.Section("Failures", "phases that did not complete", string.Join("\n", failures.Select(f => $"- `{f}`")));

        var loadAtEnd = MachineInfo.LoadAverage();
        await File.WriteAllTextAsync(settings.ResultsPath, bench.Report.Render(true, started, loadAtEnd));
        File.Delete(partial);
        AnsiConsole.MarkupLine(failures.Count == 0
            ? $"[green]Done in {(DateTimeOffset.UtcNow - started).TotalMinutes:N1} min: {Markup.Escape(settings.ResultsPath)}[/]"
            : $"[red]Done with {failures.Count} failed phase(s): {Markup.Escape(settings.ResultsPath)}[/]");
        return failures.Count == 0 ? 0 : 1;
    }
}
