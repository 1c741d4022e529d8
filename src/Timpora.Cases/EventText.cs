using System.Globalization;

namespace Timpora.Cases;

/// <summary>How the events' summary lines write people, places, dates and quoted text.</summary>
internal static class EventText
{
    public static string Who(SubjectDescription subject) =>
        (subject.Name ?? "an unnamed person") + (subject.Nationality is null ? "" : $" ({subject.Nationality})");

    public static string Where(Location location) =>
        string.Join(", ", new[] { location.Village, location.District, location.Regency }.Where(p => !string.IsNullOrWhiteSpace(p)));

    public static string Doing(string? activity) => string.IsNullOrWhiteSpace(activity) ? "" : $", {Shorten(activity)}";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A moment as the date and time it was written with (its offset is the office's or the filer's).</summary>
    public static string Date(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    /// <summary>Quoted text (up to 4,000 characters, with line breaks) kept to a short part of one line; the event keeps it whole.</summary>
    public static string Shorten(string text)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 120 ? line : line[..117] + "...";
    }
}
