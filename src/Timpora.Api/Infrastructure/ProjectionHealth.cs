using System.Collections.Concurrent;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Timpora.Cases;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// How far each async projection is behind the newest event, and whether it is moving. A projection that is
/// behind and has not advanced for <c>Projections:StallAfterSeconds</c> (default 60), or whose shard the daemon
/// paused on a failure, is stalled or failed: the readiness check then reports unhealthy. A projection
/// that set events aside as dead letters (its code could not apply them; see CasesStore) keeps going, and the
/// check reports degraded (still ready) until an operator has dealt with them. Lags, dead letters and the node
/// running each shard are in the check's data.
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

        var shards = progress.Where(p => !p.ShardName.StartsWith("HighWater", StringComparison.Ordinal))
            .ToDictionary(p => p.ShardName, p => (p.Sequence, p.AgentStatus, p.RunningOnNode));
        // A shard that has never advanced has no progress row yet: it is as far behind as it can be.
        foreach (var registered in (store as DocumentStore)?.Options.Projections.AllShards() ?? [])
            shards.TryAdd(registered.Name.Identity, (0, null, null));

        var failed = new List<string>();
        foreach (var (name, shard) in shards)
        {
            var lag = Math.Max(0, newest - shard.Sequence);
            data[$"lag:{name}"] = lag;
            if (shard.RunningOnNode is { } node) data[$"node:{name}"] = node;

            var seen = LastSeen.AddOrUpdate(name, (shard.Sequence, now),
                (_, previous) => previous.Sequence == shard.Sequence ? previous : (shard.Sequence, now));
            if (lag > 0 && now - seen.Since > _stallAfter) stalled.Add(name);
            // Paused is the daemon's word for a failure; a stopped shard (its node shut down) waits for another node.
            if (shard.AgentStatus == "Paused" && lag > 0) failed.Add($"{name} (paused)");
        }

        var deadLetters = await DeadLettersAsync(cancellation);
        foreach (var (name, count) in deadLetters) data[$"deadLetters:{name}"] = count;

        if (stalled.Count > 0 || failed.Count > 0)
            return HealthCheckResult.Unhealthy(
                string.Join("; ", new[]
                {
                    failed.Count > 0 ? $"Failed: {string.Join(", ", failed)}" : null,
                    stalled.Count > 0 ? $"Stalled: {string.Join(", ", stalled)} (no progress for {_stallAfter.TotalSeconds:N0} s)" : null,
                }.OfType<string>()) + ".",
                data: data);
        if (deadLetters.Count > 0)
            return HealthCheckResult.Degraded(
                $"Events set aside as dead letters (the projection could not apply them): {string.Join(", ", deadLetters.Select(d => $"{d.Key} ({d.Value})"))}. "
                + "They stay in the event store; fix the projection, rebuild it and delete the dead letters.",
                data: data);
        return HealthCheckResult.Healthy("Async projections are keeping up.", data);
    }

    /// <summary>Dead-letter counts per shard, from the database: every node reports those of every shard, wherever it runs.</summary>
    private async Task<IReadOnlyDictionary<string, long>> DeadLettersAsync(CancellationToken cancellation)
    {
        var counts = await ((IEventDatabase)store.Storage.Database).FetchDeadLetterCountsAsync(cancellation);
        return counts.Where(c => c.Count > 0)
            .GroupBy(c => $"{c.ProjectionName}:{c.ShardKey}")
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
    }

    private async Task<long> NewestEventAsync(CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {CasesStore.Schema}.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }
}
