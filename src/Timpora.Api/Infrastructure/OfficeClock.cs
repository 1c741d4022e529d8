using System.Globalization;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// The time at the office that keeps the cases (configuration <c>Office:TimeZone</c>, default Asia/Makassar).
/// Decisions receive <see cref="Now"/>, so the date they see is the office's date.
/// </summary>
public sealed class OfficeClock(TimeProvider time, IConfiguration configuration)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(configuration["Office:TimeZone"] ?? "Asia/Makassar");

    public TimeZoneInfo Zone => _zone;

    public DateTimeOffset Now => TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone);

    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    /// <summary>
    /// A query parameter that names a date (<c>yyyy-MM-dd</c>: that whole day at the office) or an ISO 8601 timestamp (that
    /// instant); null when absent, and a field error when it is neither.
    /// </summary>
    public Period? ReadPeriod(Validation check, string field, string? value)
    {
        if (value is null) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            if (day >= EarliestDay && day <= LatestDay) return new Period(StartOf(day), StartOf(day.AddDays(1)), IsDay: true);
        }
        else if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            var utc = DateOnly.FromDateTime(instant.UtcDateTime);
            if (utc >= EarliestDay && utc < LatestDay) return new Period(instant, instant, IsDay: false);
        }
        else
        {
            check.Add(field, "A date (yyyy-MM-dd, a whole day at the office) or an ISO 8601 timestamp.");
            return null;
        }

        check.Add(field, $"A date or an instant from {EarliestDay:yyyy-MM-dd} to {LatestDay:yyyy-MM-dd}.");
        return null;
    }

    /// <summary>
    /// The days a period may name: a day away from either end of the calendar, so that its midnights in any zone, the
    /// next day and the rounding to microseconds stay within it.
    /// </summary>
    public static readonly DateOnly EarliestDay = DateOnly.MinValue.AddDays(1), LatestDay = DateOnly.MaxValue.AddDays(-1);

    private DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, _zone.GetUtcOffset(midnight));
    }
}

/// <summary>
/// The instants a query parameter names: a whole office day (<see cref="End"/> is the next midnight, excluded) or one
/// instant (<see cref="Start"/> = <see cref="End"/>, included).
/// </summary>
public readonly record struct Period(DateTimeOffset Start, DateTimeOffset End, bool IsDay)
{
    /// <summary>The last instant the period takes in: the end of the day, or the instant itself.</summary>
    public DateTimeOffset Last => IsDay ? End.AddTicks(-1) : End;
}
