using Timpora.Cases.Statistics;
using static Timpora.Cases.Statistics.StatisticsRollups;

namespace Timpora.Cases.Tests.Projections;

/// <summary>How a period is split into the counters' months and days and the partial days read from the facts.</summary>
public class StatisticsPeriodsTests
{
    private static readonly TimeSpan Office = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int month, int day, int hour = 0, int minute = 0) => new(2025, month, day, hour, minute, 0, Office);

    [Fact]
    public void a_year_of_office_dates_is_twelve_months()
    {
        var cover = CoverOf(At(1, 1), new DateTimeOffset(2026, 1, 1, 0, 0, 0, Office));

        cover.Buckets.Should().Equal(new BucketRange(Month, new DateOnly(2025, 1, 1), new DateOnly(2026, 1, 1)));
        cover.Edges.Should().BeEmpty();
    }

    [Fact]
    public void dates_that_cut_months_read_the_days_at_either_end()
    {
        var cover = CoverOf(At(1, 20), At(4, 3));

        cover.Buckets.Should().Equal(
            new BucketRange(Day, new DateOnly(2025, 1, 20), new DateOnly(2025, 2, 1)),
            new BucketRange(Month, new DateOnly(2025, 2, 1), new DateOnly(2025, 4, 1)),
            new BucketRange(Day, new DateOnly(2025, 4, 1), new DateOnly(2025, 4, 3)));
        cover.Edges.Should().BeEmpty();
    }

    [Fact]
    public void instants_read_their_own_days_from_the_facts()
    {
        var from = At(3, 14, 10, 30);
        var to = new DateTimeOffset(2025, 5, 1, 1, 0, 0, TimeSpan.Zero);

        var cover = CoverOf(from, to);

        cover.Edges.Should().Equal(new PartialDay(new DateOnly(2025, 3, 14), from, null), new PartialDay(new DateOnly(2025, 5, 1), null, to));
        cover.Buckets.Should().Equal(
            new BucketRange(Day, new DateOnly(2025, 3, 15), new DateOnly(2025, 4, 1)),
            new BucketRange(Month, new DateOnly(2025, 4, 1), new DateOnly(2025, 5, 1)));
    }

    [Fact]
    public void a_period_within_one_day_is_one_partial_day()
    {
        var from = At(7, 15, 10);
        var cover = CoverOf(from, from.AddTicks(10));

        cover.Edges.Should().Equal(new PartialDay(new DateOnly(2025, 7, 15), from, from.AddTicks(10)));
        cover.Buckets.Should().BeEmpty();
    }

    [Fact]
    public void an_open_bound_reads_every_month_before_or_after()
    {
        CoverOf(null, At(7, 9)).Buckets.Should().Equal(
            new BucketRange(Month, DateOnly.MinValue, new DateOnly(2025, 7, 1)),
            new BucketRange(Day, new DateOnly(2025, 7, 1), new DateOnly(2025, 7, 9)));
        CoverOf(At(7, 9), null).Buckets.Should().Equal(
            new BucketRange(Day, new DateOnly(2025, 7, 9), new DateOnly(2025, 8, 1)),
            new BucketRange(Month, new DateOnly(2025, 8, 1), DateOnly.MaxValue));
        CoverOf(null, null).Buckets.Should().Equal(new BucketRange(Month, DateOnly.MinValue, DateOnly.MaxValue));
    }

    [Fact]
    public void an_empty_period_reads_nothing()
    {
        var cover = CoverOf(At(7, 9), At(7, 9));

        cover.Buckets.Should().BeEmpty();
        cover.Edges.Should().BeEmpty();
    }
}
