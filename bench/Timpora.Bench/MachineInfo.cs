using System.Runtime.InteropServices;
using Npgsql;

namespace Timpora.Bench;

public sealed record MachineInfo(
    string Cpu, int Cores, double MemoryGiB, string Os, string Kernel, string DotNet, string PostgreSql, string PostgreSqlSettings, string LoadAtStart)
{
    public static async Task<MachineInfo> Read(NpgsqlDataSource database)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memKb = File.ReadLines("/proc/meminfo").Where(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Report.Invariant)).FirstOrDefault();
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? "Linux"
            : RuntimeInformation.OSDescription;
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : RuntimeInformation.OSDescription;

        await using var connection = await database.OpenConnectionAsync();
        var version = (string)(await new NpgsqlCommand("show server_version", connection).ExecuteScalarAsync())!;
        var settings = new List<string>();
        foreach (var name in new[] { "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers", "max_connections" })
            settings.Add($"{name}={await new NpgsqlCommand($"show {name}", connection).ExecuteScalarAsync()}");

        return new MachineInfo(cpu, Environment.ProcessorCount, memKb / 1024.0 / 1024.0, os, kernel, RuntimeInformation.FrameworkDescription,
            version, string.Join(", ", settings), LoadAverage());
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
