using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Timpora.Cases;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// How far each async projection is behind the newest event, and whether it is moving. A projection that is
/// behind and has not advanced for <c>Projections:StallAfterSeconds</c> (default 60) is stalled or failed:
/// the readiness check then reports unhealthy. The lag of every projection is in the check's data.
/// </summary>
public sealed class ProjectionHealthCheck(IDocumentStore store, TimeProvider time, IConfiguration configuration) : IHealthCheck
{
    public const string Name = "projections";

    private static readonly ConcurrentDictionary<string, (long Sequence, DateTimeOffset Since)> LastSeen = new();

    private readonly TimeSpan _stallAfter = TimeSpan.FromSeconds(configuration.GetValue("Projections:StallAfterSeconds", 60));

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellation = default)
    {
        var newest = await NewestEventAsync(cancellation);
        var progress = await store.Advanced.AllProjectionProgress(token: cancellation);
        var now = time.GetUtcNow();
        var data = new Dictionary<string, object> { ["newestEvent"] = newest };
        var stalled = new List<string>();

        foreach (var shard in progress.Where(p => !p.ShardName.StartsWith("HighWater", StringComparison.Ordinal)))
        {
            var lag = Math.Max(0, newest - shard.Sequence);
            data[$"lag:{shard.ShardName}"] = lag;

            var seen = LastSeen.AddOrUpdate(shard.ShardName, (shard.Sequence, now),
                (_, previous) => previous.Sequence == shard.Sequence ? previous : (shard.Sequence, now));
            if (lag > 0 && now - seen.Since > _stallAfter) stalled.Add(shard.ShardName);
        }

        return stalled.Count == 0
            ? HealthCheckResult.Healthy("Async projections are keeping up.", data)
            : HealthCheckResult.Unhealthy($"Stalled or failed: {string.Join(", ", stalled)} (no progress for {_stallAfter.TotalSeconds:N0} s).", data: data);
    }

    private async Task<long> NewestEventAsync(CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {CasesStore.Schema}.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }
}
