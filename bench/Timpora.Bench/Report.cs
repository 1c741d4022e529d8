using System.Globalization;
using System.Text;

namespace Timpora.Bench;

public sealed record Goal(string Name, string Measured, string Target, bool? Met, string Note = "");

/// <summary>
/// bench/RESULTS.md, built up as the phases finish. It is rewritten after every phase into bench/out, so a run that dies
/// half-way still leaves what it measured; the final file replaces bench/RESULTS.md only at the end.
/// </summary>
public sealed class Report(Settings settings, MachineInfo machine)
{
    private readonly List<(string Id, string Title, string Body)> _sections = [];
    private readonly List<Goal> _goals = [];
    private readonly List<string> _obstacles = [];
    private readonly List<(string Label, string Figure, double? Throughput)> _summary = [];

    /// <summary>B0's throughput: every other throughput is also given as a share of it.</summary>
    public double? B0 { get; set; }

    public static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public void Section(string id, string title, string body) => _sections.Add((id, title, body));

    public void Goal(Goal goal) => _goals.Add(goal);

    public void Obstacle(string text) => _obstacles.Add(text);

    public void Summary(string label, string figure, double? throughput = null) => _summary.Add((label, figure, throughput));

    public string RatioToB0(double throughput) => B0 is > 0 ? Percent(throughput / B0.Value) : "n/a";

    public static string Percent(double ratio) => (ratio * 100).ToString("N1", Invariant) + " %";

    public static string Ms(double ms) => double.IsNaN(ms) ? "n/a" : ms < 10 ? ms.ToString("N2", Invariant) : ms.ToString("N1", Invariant);

    public static string N(double value, int decimals = 0) => value.ToString("N" + decimals, Invariant);

    public static string Met(bool? met) => met switch { true => "**met**", false => "**not met**", null => "not measured" };

    public string Render(bool finished, DateTimeOffset started, string? loadAtEnd)
    {
        var md = new StringBuilder();
        md.AppendLine("# Timpora Cases — benchmark results");
        md.AppendLine();
        md.AppendLine(finished
            ? "Written by `bench/run.sh` (see the README, \"Benchmarks\"). Every figure below comes from one run, against one database."
            : "**Partial:** the run did not finish; these are the phases that did.");
        md.AppendLine();
        md.AppendLine("## Run");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        md.AppendLine($"| date | {started.UtcDateTime:yyyy-MM-dd HH:mm} UTC |");
        md.AppendLine($"| commit | `{settings.Commit}` |");
        md.AppendLine($"| mode | {(settings.Quick ? "quick (BENCH_QUICK=1): short phases, small seed — a smoke run, not for comparison" : "full")} |");
        md.AppendLine($"| connections (N) | {settings.Connections} |");
        md.AppendLine($"| warm-up / measured per phase | {settings.Warmup.TotalSeconds:N0} s / {settings.Duration.TotalSeconds:N0} s |");
        md.AppendLine($"| CPU | {machine.Cpu}, {machine.Cores} cores |");
        md.AppendLine($"| memory | {machine.MemoryGiB:N1} GiB |");
        md.AppendLine($"| OS / kernel | {machine.Os} / {machine.Kernel} |");
        md.AppendLine($"| PostgreSQL | {machine.PostgreSql} |");
        md.AppendLine($"| PostgreSQL settings | {machine.PostgreSqlSettings} |");
        md.AppendLine($"| .NET | {machine.DotNet} |");
        md.AppendLine($"| load average (1/5/15 min) at start | {machine.LoadAtStart} |");
        if (loadAtEnd is not null) md.AppendLine($"| load average at end | {loadAtEnd} |");
        md.AppendLine();
        md.AppendLine("Everything runs on this one machine: PostgreSQL, the API process and the load generator share its cores, so");
        md.AppendLine("the figures are those of a single small box, not of a deployment; ratios within the run are the comparable part.");
        md.AppendLine();

        if (_goals.Count > 0)
        {
            md.AppendLine("## Goals");
            md.AppendLine();
            md.AppendLine("| goal | measured | target | verdict | note |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var g in _goals) md.AppendLine($"| {g.Name} | {g.Measured} | {g.Target} | {Met(g.Met)} | {g.Note} |");
            md.AppendLine();
        }

        if (_summary.Count > 0)
        {
            md.AppendLine("## Every figure, with its ratio to B0");
            md.AppendLine();
            md.AppendLine("| figure | value | throughput ÷ B0 |");
            md.AppendLine("|---|---|---|");
            foreach (var (label, figure, throughput) in _summary)
                md.AppendLine($"| {label} | {figure} | {(throughput is { } t ? RatioToB0(t) : "")} |");
            md.AppendLine();
        }

        if (_obstacles.Count > 0)
        {
            md.AppendLine("## What stands in the way");
            md.AppendLine();
            foreach (var o in _obstacles) md.AppendLine($"- {o}");
            md.AppendLine();
        }

        foreach (var (id, title, body) in _sections)
        {
            md.AppendLine($"## {id} — {title}");
            md.AppendLine();
            md.AppendLine(body.TrimEnd());
            md.AppendLine();
        }

        return md.ToString();
    }
}
