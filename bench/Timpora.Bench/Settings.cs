using System.Globalization;

namespace Timpora.Bench;

/// <summary>Everything a run can be told, from the environment (bench/run.sh turns its flags into these variables).</summary>
public sealed class Settings
{
    public required bool Quick { get; init; }
    public required int Connections { get; init; }
    public required TimeSpan Warmup { get; init; }

    /// <summary>
    /// An unmeasured load a newly started API process gets before its first measured write load: on two busy cores its
    /// tier-1 JIT, which runs in the background, needs tens of seconds to catch up with the hot paths.
    /// </summary>
    public required TimeSpan ApiWarmup { get; init; }
    public required TimeSpan Duration { get; init; }
    public required long SeedEvents { get; init; }

    /// <summary>Events in the store before the write phases (B1–B3, B8) run.</summary>
    public required long PrefillEvents { get; init; }
    public required int ColdStartRuns { get; init; }

    /// <summary>B9 (phase reads): cases in the store at its first and at its second measurement, and requests measured per route.</summary>
    public required long ReadsSmall { get; init; }

    public required long ReadsLarge { get; init; }

    public required int ReadsRequests { get; init; }
    public required int SeedProcesses { get; init; }
    public required bool RebuildInline { get; init; }
    public required IReadOnlySet<string> Phases { get; init; }
    public required string ConnectionString { get; init; }
    public required string RepoRoot { get; init; }
    public required string OutDir { get; init; }
    public required string ResultsPath { get; init; }
    public required string ApiDir { get; init; }
    public required string? ReadyToRunApiDir { get; init; }
    public required string BareDir { get; init; }
    public required string Commit { get; init; }

    /// <summary>Secrets of the throwaway deployment under test; they guard nothing outside this run.</summary>
    public string SigningKey { get; } = "timpora-bench-signing-key-" + Guid.NewGuid().ToString("N");

    public string IntegrityKey { get; } = "timpora-bench-integrity-key-" + Guid.NewGuid().ToString("N");

    public string LogDir => Path.Combine(OutDir, "logs");

    public static readonly string[] AllPhases = ["b0", "b1", "b3", "b2", "b8", "b5", "b6", "b7", "reads"];

    /// <summary>What a run without BENCH_PHASES runs: every phase but reads, which seeds a million cases (hours on two cores).</summary>
    public static readonly string[] DefaultPhases = ["b0", "b1", "b3", "b2", "b8", "b5", "b6", "b7"];

    public bool Runs(string phase) => Phases.Contains(phase);

    public static Settings FromEnvironment()
    {
        var quick = Flag("BENCH_QUICK");
        var repo = Required("BENCH_REPO");
        var outDir = Environment.GetEnvironmentVariable("BENCH_OUT") is { Length: > 0 } o ? o : Path.Combine(repo, "bench", "out");
        var phases = Environment.GetEnvironmentVariable("BENCH_PHASES") is { Length: > 0 } p
            ? p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => x.ToLowerInvariant()).ToHashSet()
            : DefaultPhases.ToHashSet();
        var unknown = phases.Except(AllPhases).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Unknown phase(s) {string.Join(", ", unknown)}; phases: {string.Join(", ", AllPhases)}.");

        return new Settings
        {
            Quick = quick,
            Connections = Int("BENCH_CONNECTIONS", 16),
            Warmup = TimeSpan.FromSeconds(Double("BENCH_WARMUP", quick ? 1 : 10)),
            ApiWarmup = TimeSpan.FromSeconds(Double("BENCH_API_WARMUP", quick ? 3 : 45)),
            Duration = TimeSpan.FromSeconds(Double("BENCH_DURATION", quick ? 4 : 15)),
            SeedEvents = Long("BENCH_SEED_EVENTS", quick ? 50_000 : 1_000_000),
            PrefillEvents = Long("BENCH_PREFILL_EVENTS", quick ? 20_000 : 100_000),
            ColdStartRuns = Int("BENCH_COLDSTART_RUNS", quick ? 1 : 3),
            ReadsSmall = Long("BENCH_READS_SMALL", quick ? 10_000 : 100_000),
            ReadsLarge = Long("BENCH_READS_LARGE", quick ? 50_000 : 1_000_000),
            ReadsRequests = Math.Max(1, Int("BENCH_READS_REQUESTS", 30)),
            SeedProcesses = Math.Max(1, Int("BENCH_SEED_PROCESSES", 2)),
            RebuildInline = Flag("BENCH_REBUILD_INLINE"),
            Phases = phases,
            ConnectionString = Required("ConnectionStrings__Timpora"),
            RepoRoot = repo,
            OutDir = outDir,
            ResultsPath = Environment.GetEnvironmentVariable("BENCH_RESULTS") is { Length: > 0 } r ? r : Path.Combine(repo, "bench", "RESULTS.md"),
            ApiDir = Path.Combine(outDir, "api"),
            ReadyToRunApiDir = Directory.Exists(Path.Combine(outDir, "api-r2r")) ? Path.Combine(outDir, "api-r2r") : null,
            BareDir = Path.Combine(outDir, "bare"),
            Commit = Environment.GetEnvironmentVariable("BENCH_COMMIT") ?? "unknown",
        };
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the benchmark with bench/run.sh.");

    private static bool Flag(string name) => Environment.GetEnvironmentVariable(name) is "1" or "true" or "yes";

    private static int Int(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static long Long(string name, long fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? long.Parse(v.Replace("_", ""), CultureInfo.InvariantCulture) : fallback;

    private static double Double(string name, double fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
