using HdrHistogram;

namespace Timpora.Bench;

/// <summary>
/// Latencies are recorded in microseconds into HdrHistogram (three significant digits, so a percentile is within 0.1 %
/// of the value measured, up to a day); the concurrent histogram lets every load worker record into one instance.
/// Reports read them in milliseconds.
/// </summary>
public static class Latencies
{
    private const long HighestMicroseconds = 24L * 60 * 60 * 1_000_000;

    public static HistogramBase New() => new LongConcurrentHistogram(1, HighestMicroseconds, 3);

    public static void Record(this HistogramBase histogram, TimeSpan elapsed) =>
        histogram.RecordValue(Math.Clamp((long)elapsed.TotalMicroseconds, 0, HighestMicroseconds));

    /// <summary>The value at or below which <paramref name="percentile"/> % of the recordings lie, in milliseconds.</summary>
    public static double PercentileMs(this HistogramBase histogram, double percentile) =>
        histogram.TotalCount == 0 ? double.NaN : histogram.GetValueAtPercentile(percentile) / 1000.0;

    /// <summary>The median of a few whole numbers (microseconds, counts), from a histogram as every other percentile.</summary>
    public static double Median(IEnumerable<long> values)
    {
        var histogram = new LongHistogram(HighestMicroseconds, 3);
        foreach (var value in values) histogram.RecordValue(Math.Clamp(value, 0, HighestMicroseconds));
        return histogram.TotalCount == 0 ? double.NaN : histogram.GetValueAtPercentile(50);
    }

    public static double MaxMs(this HistogramBase histogram) => histogram.TotalCount == 0 ? double.NaN : histogram.GetMaxValue() / 1000.0;
}
