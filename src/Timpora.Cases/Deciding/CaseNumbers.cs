using System.Globalization;
using System.Text;

namespace Timpora.Cases.Deciding;

/// <summary>Human-readable case numbers: <c>SOPPENG-2025-000042</c> (regency, year, a sequence per regency and year).</summary>
public static class CaseNumbers
{
    public static string Prefix(string regency)
    {
        var letters = new StringBuilder(regency.Length);
        foreach (var original in regency)
        {
            var c = BaseLetter(original);
            if (char.IsAsciiLetterOrDigit(c)) letters.Append(char.ToUpperInvariant(c));
            else if ((c == ' ' || c == '-' || c == '_') && letters.Length > 0 && letters[^1] != '-') letters.Append('-');
        }

        var prefix = letters.ToString().Trim('-');
        return prefix.Length == 0 ? "CASE" : prefix;
    }

    // The service runs with invariant globalization, where Unicode normalization cannot strip accents.
    private const string Accented = "àáâãäåāăąçćčďèéêëēėęěìíîïīįľłñńňòóôõöøōőŕřśšşťùúûüūůűųýÿźżž";
    private const string Plain = "aaaaaaaaacccdeeeeeeeeiiiiiillnnnoooooooorrssstuuuuuuuuyyzzz";

    private static char BaseLetter(char c)
    {
        var index = Accented.IndexOf(char.ToLowerInvariant(c));
        return index < 0 ? c : Plain[index];
    }

    public static string Format(string regency, int year, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix(regency)}-{year}-{sequence:D6}");

    /// <summary>The sequence part of a number <see cref="Format"/> wrote (what follows its last hyphen), or null.</summary>
    public static long? Sequence(string caseNumber) =>
        long.TryParse(caseNumber.AsSpan(caseNumber.LastIndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : null;
}
