using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace Timpora.Bench;

/// <summary>What one load phase measured (only what completed inside the measured window counts).</summary>
public sealed class LoadResult
{
    public long Ok;
    public long Failed;

    /// <summary>Open model: requests that were due but could not even be started (too many outstanding).</summary>
    public long Shed;

    public double Seconds { get; set; }
    public HistogramBase Latency { get; } = Latencies.New();

    /// <summary>Latency per kind of operation, for loads that mix several (each operation names its kind).</summary>
    public ConcurrentDictionary<string, HistogramBase> ByKind { get; } = new();
    public string? FirstError { get; set; }
    public double TargetRate { get; set; }

    public double Throughput => Seconds > 0 ? Ok / Seconds : 0;

    public void Succeeded(OpContext op, TimeSpan latency)
    {
        Interlocked.Increment(ref Ok);
        Latency.Record(latency);
        if (op.Kind is { } kind) ByKind.GetOrAdd(kind, _ => Latencies.New()).Record(latency);
    }

    public void Fail(string error)
    {
        Interlocked.Increment(ref Failed);
        if (FirstError is null) FirstError = error.Length > 300 ? error[..300] : error;
    }
}

/// <summary>Which operation this is: the worker that runs it (closed model) or its number in the schedule (open model).</summary>
public sealed class OpContext
{
    public int Worker { get; init; }
    public long Index { get; init; }

    /// <summary>Set by an operation of a mixed load to say what it did, so latency is also kept per kind.</summary>
    public string? Kind { get; set; }
}

/// <summary>One operation of a load: true when it did what it should (e.g. answered 201).</summary>
public delegate Task<bool> Operation(OpContext op, CancellationToken cancellation);

public static class Load
{
    /// <summary>Any single operation taking longer than this is abandoned and counted as failed.</summary>
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Closed model, for peak throughput: <paramref name="workers"/> loops, each sending its next operation as soon as the
    /// previous one is answered. Latency here is service time under saturation, not what a user at a given rate sees.
    /// </summary>
    /// <param name="measuring">Called once, when the warm-up ends and the measured window begins.</param>
    public static async Task<LoadResult> Closed(int workers, TimeSpan warmup, TimeSpan duration, Operation operation, Action<string>? progress = null,
        Action? measuring = null)
    {
        var result = new LoadResult();
        var clock = Stopwatch.StartNew();
        using var windowStarts = measuring is null ? null : new Timer(_ => measuring(), null, warmup, Timeout.InfiniteTimeSpan);
        var measureFrom = warmup;
        var stopAt = warmup + duration;

        using var reporter = Report(progress, clock, () =>
        {
            if (clock.Elapsed < measureFrom) return "warming up";
            var seconds = (clock.Elapsed - measureFrom).TotalSeconds;
            return $"{(seconds > 0 ? Interlocked.Read(ref result.Ok) / seconds : 0):N0}/s";
        }, stopAt);

        async Task Worker(int worker)
        {
            long index = 0;
            while (clock.Elapsed < stopAt)
            {
                var op = new OpContext { Worker = worker, Index = index++ };
                var started = clock.Elapsed;
                bool ok;
                string? error = null;
                using var timeout = new CancellationTokenSource(OperationTimeout);
                try
                {
                    ok = await operation(op, timeout.Token);
                    if (!ok) error = "operation reported failure";
                }
                catch (Exception e)
                {
                    ok = false;
                    error = e.GetType().Name + ": " + e.Message;
                }

                var ended = clock.Elapsed;
                // Everything that completes inside the measured window counts, wherever it started: dropping the operations that
                // straddle the window's edges would undercount slow endpoints by up to two per worker.
                if (ended < measureFrom || ended > stopAt) continue;
                if (ok)
                    result.Succeeded(op, ended - started);
                else
                {
                    result.Fail(error!);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => Worker(w))));
        result.Seconds = duration.TotalSeconds;
        return result;
    }

    /// <summary>
    /// Open model at a fixed arrival rate: operation i is due at start + i/rate whether or not earlier ones were answered,
    /// and its latency runs from when it was due, not from when it was sent. A slow answer therefore cannot hold back the
    /// next requests and hide the wait they would have had (no coordinated omission). The scheduler wakes about every
    /// millisecond; that delay counts against the measured latency, never for it.
    /// </summary>
    public static async Task<LoadResult> Open(double rate, TimeSpan duration, Operation operation, Action<string>? progress = null,
        int? maxOutstanding = null)
    {
        var result = new LoadResult { TargetRate = rate, Seconds = duration.TotalSeconds };
        var limit = maxOutstanding ?? (int)Math.Max(2_000, rate * 10);
        var total = (long)Math.Floor(rate * duration.TotalSeconds);
        var clock = Stopwatch.StartNew();
        long outstanding = 0;
        long sent = 0;
        var inFlight = new List<Task>();

        using var reporter = Report(progress, clock, () =>
            $"{Interlocked.Read(ref sent):N0}/{total:N0} sent at {rate:N0}/s, {Interlocked.Read(ref outstanding):N0} in flight", duration);

        async Task Send(long index, TimeSpan due)
        {
            using var timeout = new CancellationTokenSource(OperationTimeout);
            var op = new OpContext { Worker = -1, Index = index };
            try
            {
                if (await operation(op, timeout.Token))
                    result.Succeeded(op, clock.Elapsed - due);
                else
                {
                    result.Fail("operation reported failure");
                }
            }
            catch (Exception e)
            {
                result.Fail(e.GetType().Name + ": " + e.Message);
            }
            finally
            {
                Interlocked.Decrement(ref outstanding);
            }
        }

        for (long i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            // Never early: an operation sent before it is due would have its latency understated.
            while (clock.Elapsed < due)
            {
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
                else await Task.Yield();
            }

            if (Interlocked.Read(ref outstanding) >= limit)
            {
                Interlocked.Increment(ref result.Shed);
                continue;
            }

            Interlocked.Increment(ref outstanding);
            Interlocked.Increment(ref sent);
            inFlight.Add(Send(i, due));
        }

        await Task.WhenAll(inFlight);
        return result;
    }

    private static IDisposable Report(Action<string>? progress, Stopwatch clock, Func<string> status, TimeSpan length)
    {
        if (progress is null) return new Timer(_ => { });
        return new Timer(_ => progress($"{status()} ({Math.Min(clock.Elapsed.TotalSeconds, length.TotalSeconds):N0}/{length.TotalSeconds:N0} s)"),
            null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
    }
}
