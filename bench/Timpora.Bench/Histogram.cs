namespace Timpora.Bench;

/// <summary>
/// Latencies in microseconds, HdrHistogram-style: exact below 256 µs, then 128 buckets per power of two, so any
/// percentile is within 0.8 % of the true value whatever the spread, in fixed memory. Recording is lock-free, so
/// every load worker records into the same instance.
/// </summary>
public sealed class Histogram
{
    private const int SubBuckets = 128;
    private const int Linear = 2 * SubBuckets;
    private const int MaxMagnitude = 40; // 2^40 µs is 12 days: nothing a bounded run can reach

    private readonly long[] _counts = new long[Linear + (MaxMagnitude - 7) * SubBuckets];
    private long _total;
    private long _max;
    private long _sum;

    public long Count => Interlocked.Read(ref _total);

    public void Record(TimeSpan elapsed) => RecordMicroseconds((long)(elapsed.Ticks / (double)TimeSpan.TicksPerMicrosecond));

    public void RecordMicroseconds(long value)
    {
        if (value < 0) value = 0;
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _total);
        Interlocked.Add(ref _sum, value);
        long max;
        while (value > (max = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, value, max) != max)
        {
        }
    }

    public void Add(Histogram other)
    {
        for (var i = 0; i < _counts.Length; i++) Interlocked.Add(ref _counts[i], Interlocked.Read(ref other._counts[i]));
        Interlocked.Add(ref _total, other.Count);
        Interlocked.Add(ref _sum, Interlocked.Read(ref other._sum));
        var otherMax = Interlocked.Read(ref other._max);
        if (otherMax > _max) _max = otherMax;
    }

    /// <summary>The value at or below which <paramref name="percentile"/> % of the recordings lie, in milliseconds.</summary>
    public double PercentileMs(double percentile)
    {
        var total = Count;
        if (total == 0) return double.NaN;
        var wanted = Math.Max(1, (long)Math.Ceiling(total * percentile / 100.0));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            // The bucket's highest value, capped by the true maximum: never reports better than was measured.
            if (seen >= wanted) return Math.Min(HighestIn(i), Interlocked.Read(ref _max)) / 1000.0;
        }

        return Interlocked.Read(ref _max) / 1000.0;
    }

    public double MaxMs => Count == 0 ? double.NaN : Interlocked.Read(ref _max) / 1000.0;

    public double MeanMs => Count == 0 ? double.NaN : Interlocked.Read(ref _sum) / (double)Count / 1000.0;

    private static int IndexOf(long value)
    {
        if (value < Linear) return (int)value;
        var magnitude = 63 - (int)long.LeadingZeroCount(value); // >= 8
        if (magnitude > MaxMagnitude) return Linear + (MaxMagnitude - 7) * SubBuckets - 1;
        var shift = magnitude - 7;
        var sub = (int)(value >> shift) - SubBuckets;
        return Linear + (magnitude - 8) * SubBuckets + sub;
    }

    private static long HighestIn(int index)
    {
        if (index < Linear) return index;
        var magnitude = (index - Linear) / SubBuckets + 8;
        var sub = (index - Linear) % SubBuckets;
        var shift = magnitude - 7;
        return ((long)(sub + SubBuckets) << shift) + (1L << shift) - 1;
    }
}
