using System.Diagnostics;

namespace Timpora.Bench;

/// <summary>
/// Who used the CPU during a measured window, in cores: the API process, this run's PostgreSQL (its postmaster and
/// every backend under it), the load generator (this process), and everything else on the machine — on a shared
/// box the last one says how much of a figure is other people's builds.
/// </summary>
public sealed class CpuMeter
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    private readonly int? _api;
    private readonly int? _postmaster;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly (double Api, Dictionary<int, double> Postgres, double Bench, double Machine) _start;

    public CpuMeter(int? apiProcessId)
    {
        _api = apiProcessId;
        _postmaster = Postmaster();
        _start = Read();
    }

    public sealed record Usage(double Api, double Postgres, double LoadGenerator, double Others, double Seconds)
    {
        public string Describe(int cores) =>
            $"API {Api:N2}, PostgreSQL {Postgres:N2}, load generator {LoadGenerator:N2}, other programs on the machine {Others:N2} (of {cores} cores)";
    }

    public Usage Stop()
    {
        var end = Read();
        var seconds = _clock.Elapsed.TotalSeconds;
        double Cores(double from, double to) => Math.Max(0, to - from) / seconds;
        var api = Cores(_start.Api, end.Api);
        // Per backend: a connection the pool retires during the window takes its whole CPU history with it, so sums
        // taken at both ends would go backwards; a backend that is new counts from zero.
        var postgres = end.Postgres.Sum(b => Math.Max(0, b.Value - _start.Postgres.GetValueOrDefault(b.Key))) / seconds;
        var bench = Cores(_start.Bench, end.Bench);
        var machine = Cores(_start.Machine, end.Machine);
        return new Usage(api, postgres, bench, Math.Max(0, machine - api - postgres - bench), seconds);
    }

    private (double Api, Dictionary<int, double> Postgres, double Bench, double Machine) Read()
    {
        var api = _api is { } id ? ProcessSeconds(id) : 0;
        var postgres = new Dictionary<int, double>();
        if (_postmaster is { } postmaster)
        {
            postgres[postmaster] = ProcessSeconds(postmaster);
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
                if (Stat(pid) is { } stat && stat.Parent == postmaster) postgres[pid] = stat.Seconds;
            }
        }

        return (api, postgres, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, MachineSeconds());
    }

    private static double ProcessSeconds(int pid) => Stat(pid)?.Seconds ?? 0;

    private static (int Parent, double Seconds)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may contain spaces: the fields that matter come after the last ')'.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1], Report.Invariant);
            var ticks = long.Parse(fields[11], Report.Invariant) + long.Parse(fields[12], Report.Invariant);
            return (parent, ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>CPU time the whole machine spent not idle (user, nice, system, irq, softirq, steal).</summary>
    private static double MachineSeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var busy = new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => long.Parse(fields[i], Report.Invariant));
        return busy / TicksPerSecond;
    }

    private static int? Postmaster()
    {
        var data = Environment.GetEnvironmentVariable("TIMPORA_PG_DATA");
        if (data is null || !File.Exists(Path.Combine(data, "postmaster.pid"))) return null;
        try
        {
            return int.Parse(File.ReadLines(Path.Combine(data, "postmaster.pid")).First().Trim(), Report.Invariant);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
