using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;
using Npgsql;
using Timpora.Cases;

namespace Timpora.Bench;

/// <summary>
/// B8: how long after a write's 2xx the async projections include it. While the load runs, the API's own progress table
/// (<c>mt_event_progression</c>, one row per async projection) is read every 10 ms from a connection of the harness; each
/// acknowledged write's event sequence is looked up afterwards. A write's lag is the time from its 2xx to the first
/// reading at which the projection had reached its sequence (so the figures are upper bounds, to within the 10 ms poll).
/// </summary>
public sealed class LagWatcher : IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(10);

    private readonly Bench _bench;
    private readonly ConcurrentQueue<(Guid CaseId, long AckedAt)> _writes = new();
    private readonly List<(long At, Dictionary<string, long> Shards)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;

    public LagWatcher(Bench bench)
    {
        _bench = bench;
        _polling = Task.Run(Poll);
    }

    /// <summary>Called by the load as each write is acknowledged.</summary>
    public void Acknowledged(Guid caseId) => _writes.Enqueue((caseId, Stopwatch.GetTimestamp()));

    private async Task Poll()
    {
        await using var connection = await _bench.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            $"select name, last_seq_id from {CasesStore.Schema}.mt_event_progression where name not like 'HighWater%'", connection);
        await command.PrepareAsync();
        while (!_stop.IsCancellationRequested)
        {
            var shards = new Dictionary<string, long>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync()) shards[reader.GetString(0)] = reader.GetInt64(1);
            }

            lock (_samples) _samples.Add((Stopwatch.GetTimestamp(), shards));
            try
            {
                await Task.Delay(Every, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public sealed record Lags(long Writes, long Unseen, HistogramBase All, IReadOnlyDictionary<string, HistogramBase> ByProjection);

    /// <summary>Waits (bounded) for the projections to take in the last writes, then computes every write's lag.</summary>
    public async Task<Lags> Finish(TimeSpan catchUp)
    {
        await _bench.ProjectionsCaughtUp(catchUp);
        // One more reading after catching up, so the last writes have a sample that shows them.
        await Task.Delay(Every * 3);
        await _stop.CancelAsync();
        await _polling;

        var writes = _writes.ToArray();
        var sequences = new Dictionary<Guid, long>();
        await using (var command = _bench.Database.CreateCommand(
                         $"select stream_id, seq_id from {CasesStore.Schema}.mt_events where version = 1 and stream_id = any($1)"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = writes.Select(w => w.CaseId).ToArray() });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) sequences[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        var samples = _samples.ToArray();
        var names = samples.SelectMany(s => s.Shards.Keys).Distinct().Order().ToList();
        var all = Latencies.New();
        var byProjection = names.ToDictionary(n => n, _ => Latencies.New());
        long unseen = 0;
        foreach (var (caseId, ackedAt) in writes)
        {
            if (!sequences.TryGetValue(caseId, out var sequence)) continue;
            var first = FirstSampleAfter(samples, ackedAt);
            long? slowest = null;
            foreach (var name in names)
            {
                var at = Reached(samples, first, s => s.Shards.GetValueOrDefault(name) >= sequence);
                if (at is null)
                {
                    slowest = null;
                    unseen++;
                    break;
                }

                byProjection[name].Record(Stopwatch.GetElapsedTime(ackedAt, at.Value));
                slowest = Math.Max(slowest ?? 0, at.Value);
            }

            if (slowest is { } reached) all.Record(Stopwatch.GetElapsedTime(ackedAt, reached));
        }

        return new Lags(writes.Length, unseen, all, byProjection);
    }

    private static int FirstSampleAfter((long At, Dictionary<string, long> Shards)[] samples, long at)
    {
        int low = 0, high = samples.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (samples[mid].At < at) low = mid + 1;
            else high = mid;
        }

        return low;
    }

    private static long? Reached((long At, Dictionary<string, long> Shards)[] samples, int from, Func<(long At, Dictionary<string, long> Shards), bool> reached)
    {
        for (var i = from; i < samples.Length; i++)
            if (reached(samples[i])) return samples[i].At;
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _polling;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
