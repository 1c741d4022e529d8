using Timpora.Cases.Tests.Given;

namespace Timpora.Cases.Tests.Clocks;

public class LegalCalendarTests
{
    private static readonly TimeZoneInfo Makassar = TimeZoneInfo.FindSystemTimeZoneById("Asia/Makassar");

    private static LegalCalendar Calendar(params DateOnly[] holidays) => new(Makassar, holidays);

    private static DateOnly Day(int month, int day) => new(2025, month, day);

    [Fact]
    public void weekends_are_not_working_days()
    {
        var calendar = Calendar();

        calendar.IsWorkingDay(Day(7, 11)).Should().BeTrue("11 July 2025 is a Friday");
        calendar.IsWorkingDay(Day(7, 12)).Should().BeFalse("a Saturday");
        calendar.IsWorkingDay(Day(7, 13)).Should().BeFalse("a Sunday");
        calendar.IsWorkingDay(Day(7, 14)).Should().BeTrue("a Monday");
    }

    [Fact]
    public void a_configured_holiday_is_not_a_working_day()
    {
        Calendar(Day(8, 18)).IsWorkingDay(Day(8, 18)).Should().BeFalse("18 August 2025 was a collective leave day");
        Calendar().IsWorkingDay(Day(8, 18)).Should().BeTrue();
    }

    [Fact]
    public void counting_working_days_starts_the_day_after_and_skips_weekends()
    {
        var calendar = Calendar();

        calendar.AddWorkingDays(Day(7, 11), 1).Should().Be(Day(7, 14), "from a Friday the first working day is the Monday");
        calendar.AddWorkingDays(Day(7, 12), 1).Should().Be(Day(7, 14), "from a Saturday too");
        calendar.AddWorkingDays(Day(7, 14), 5).Should().Be(Day(7, 21));
        calendar.AddWorkingDays(Day(7, 14), 0).Should().Be(Day(7, 14));
    }

    [Fact]
    public void counting_working_days_skips_holidays()
    {
        Calendar(Day(8, 15), Day(8, 18)).AddWorkingDays(Day(8, 14), 2).Should().Be(Day(8, 20));
    }

    [Fact]
    public void an_objection_may_be_filed_until_the_twenty_first_working_day_after_the_decision()
    {
        Calendar().ObjectionFilingDeadline(Office.At(2025, 7, 12, 9, 0)).Should().Be(Day(8, 11));
        Calendar(Day(8, 4)).ObjectionFilingDeadline(Office.At(2025, 7, 12, 9, 0)).Should().Be(Day(8, 12), "a holiday moves the deadline a working day on");
    }

    [Fact]
    public void an_objection_is_decided_within_five_plus_five_working_days_of_its_filing()
    {
        Calendar().ObjectionDecisionDueBy(Office.At(2025, 7, 15, 10, 0)).Should().Be(Day(7, 29));
        LegalCalendar.ObjectionAnsweredWithinWorkingDays.Should().Be(10);
    }

    [Fact]
    public void dates_are_the_offices_dates_whatever_offset_a_time_is_written_in()
    {
        var calendar = Calendar();

        calendar.DateOf(DateTimeOffset.Parse("2025-07-14T16:30:00Z")).Should().Be(Day(7, 15), "16:30 UTC is 00:30 the next day in Makassar");
        calendar.DateOf(DateTimeOffset.Parse("2025-07-14T15:59:59Z")).Should().Be(Day(7, 14));
        calendar.ObjectionFilingDeadline(DateTimeOffset.Parse("2025-07-11T16:30:00Z"))
            .Should().Be(Day(8, 11), "a decision at 00:30 on Saturday in Makassar is counted from Saturday, not from Friday");
    }

    [Fact]
    public void a_day_ends_at_the_offices_midnight()
    {
        var calendar = Calendar();

        calendar.StartOf(Day(7, 23)).Should().Be(Office.At(2025, 7, 23, 0, 0));
        calendar.EndOf(Day(7, 23)).Should().Be(Office.At(2025, 7, 24, 0, 0));
        calendar.EndOf(Day(7, 23)).Offset.Should().Be(Office.Wita);
    }
}
