namespace Timpora.Cases;

/// <summary>
/// Legal time at the office: dates are the office's dates (its time zone, configuration <c>Office:TimeZone</c>),
/// and a working day is Monday to Friday less the public holidays in configuration (<c>LegalCalendar:Holidays</c>).
/// Every deadline counted in working days is counted here and nowhere else.
/// </summary>
public sealed class LegalCalendar
{
    /// <summary>An objection is filed within this many working days after the decision (Permenimipas 2/2025 art. 73).</summary>
    public const int ObjectionFilingWorkingDays = 21;

    /// <summary>The Director General forwards an objection to the Minister within this many working days.</summary>
    public const int ObjectionForwardingWorkingDays = 5;

    /// <summary>The Minister decides an objection within this many working days of receiving it.</summary>
    public const int ObjectionDecisionWorkingDays = 5;

    /// <summary>An objection is decided within this many working days after it was filed.</summary>
    public const int ObjectionAnsweredWithinWorkingDays = ObjectionForwardingWorkingDays + ObjectionDecisionWorkingDays;

    private readonly HashSet<DateOnly> _holidays;

    public LegalCalendar(TimeZoneInfo zone, IEnumerable<DateOnly> holidays)
    {
        Zone = zone;
        _holidays = [.. holidays];
    }

    public TimeZoneInfo Zone { get; }

    public IReadOnlySet<DateOnly> Holidays => _holidays;

    /// <summary>The office's date at <paramref name="instant"/>, whatever offset the instant was written in.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>Midnight at the office at the start of <paramref name="date"/>.</summary>
    public DateTimeOffset StartOf(DateOnly date)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight));
    }

    /// <summary>The first instant after the office day <paramref name="date"/>: a deadline "by" that day has passed from then on.</summary>
    public DateTimeOffset EndOf(DateOnly date) => StartOf(date.AddDays(1));

    public bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(date);

    /// <summary>The <paramref name="workingDays"/>-th working day after <paramref name="date"/> (the date itself is not counted).</summary>
    public DateOnly AddWorkingDays(DateOnly date, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var day = date;
        for (var counted = 0; counted < workingDays;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) counted++;
        }

        return day;
    }

    /// <summary>The last office day on which an objection to a decision taken at <paramref name="decidedAt"/> may be filed.</summary>
    public DateOnly ObjectionFilingDeadline(DateTimeOffset decidedAt) => AddWorkingDays(DateOf(decidedAt), ObjectionFilingWorkingDays);

    /// <summary>The last office day by which an objection filed at <paramref name="filedAt"/> must be decided.</summary>
    public DateOnly ObjectionDecisionDueBy(DateTimeOffset filedAt) => AddWorkingDays(DateOf(filedAt), ObjectionAnsweredWithinWorkingDays);
}
