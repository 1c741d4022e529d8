namespace Timpora.Cases.Tests.Given;

/// <summary>Times as the immigration office in Parepare keeps them: WITA, UTC+8 (Asia/Makassar).</summary>
public static class Office
{
    public static readonly TimeSpan Wita = TimeSpan.FromHours(8);

    public static DateTimeOffset At(int year, int month, int day, int hour = 9, int minute = 0) =>
        new(year, month, day, hour, minute, 0, Wita);

    /// <summary>The office's legal calendar, with no public holidays unless a test gives its own.</summary>
    public static readonly LegalCalendar Calendar = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Makassar"), []);

    /// <summary>The moment the decisions in these tests are taken, unless a test says otherwise.</summary>
    public static readonly DateTimeOffset Now = At(2025, 7, 14, 10, 15);
}
