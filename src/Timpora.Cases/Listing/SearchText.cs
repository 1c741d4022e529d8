using System.Text;
using AnyAscii;

namespace Timpora.Cases.Listing;

/// <summary>
/// The one way text is folded for searching: lower case, accents and diacritics removed, runs of anything that is not
/// a letter or digit made one space. A case's searchable text and a query are both folded, so <c>Nguyễn</c> finds
/// <c>NGUYEN</c>; identifiers (passport and case numbers) are also kept with nothing but their letters and digits,
/// so <c>e 1234-5678</c> finds <c>E12345678</c>.
/// </summary>
public static class SearchText
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var folded = new StringBuilder(text.Length);
        var space = false;
        // Transliterated rather than Unicode-normalised: it needs no ICU (the API runs with invariant globalization),
        // and it also romanises scripts a keyboard in Indonesia cannot type (Nguyễn → Nguyen, Müller → Muller).
        foreach (var c in text.Transliterate())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (space && folded.Length > 0) folded.Append(' ');
                folded.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else space = true;
        }

        return folded.ToString();
    }

    /// <summary>An identifier with nothing but its letters and digits, lower case.</summary>
    public static string Compact(string? identifier) => Fold(identifier).Replace(" ", "", StringComparison.Ordinal);

    /// <summary>Fewer letters than a trigram: a term this short is looked up as a whole word, which its index can serve.</summary>
    public const int ShortestSubstring = 3;

    /// <summary>
    /// The whole words a case is found by, each looked up in an ordered index (<see cref="OrderedCaseKeys.SearchTerms"/>): every word
    /// of every name it knows, and its case number and passport numbers compacted. A query whose words are all among them
    /// (in any order), or that compacts to one of them, finds the case without reading anything but that index.
    /// </summary>
    public static string[] Terms(Case @case)
    {
        var terms = new List<string>();
        void Add(string term)
        {
            if (term.Length > 0 && !terms.Contains(term)) terms.Add(term);
        }

        Add(Compact(@case.CaseNumber));
        Add(Compact(@case.Subject?.PassportNumber));
        Add(Compact(@case.Verification?.Identity?.PassportNumber));
        foreach (var name in new[] { @case.Subject?.Name, @case.Verification?.Identity?.FullName })
        foreach (var word in Words(name))
            Add(word);
        return [.. terms];
    }

    /// <summary>The folded words of a text, each once, in order.</summary>
    public static string[] Words(string? text) =>
        Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>What a case is found by: its number, every name and passport number it knows, and its description.</summary>
    public static string Of(Case @case)
    {
        var parts = new List<string>();
        void Add(string? value)
        {
            var folded = Fold(value);
            if (folded.Length > 0 && !parts.Contains(folded)) parts.Add(folded);
        }

        void AddIdentifier(string? value)
        {
            Add(value);
            Add(Compact(value));
        }

        AddIdentifier(@case.CaseNumber);
        Add(@case.Subject?.Name);
        AddIdentifier(@case.Subject?.PassportNumber);
        Add(@case.Verification?.Identity?.FullName);
        AddIdentifier(@case.Verification?.Identity?.PassportNumber);
        Add(@case.Subject?.Description);
        // A separator no folded query contains, so a match never runs across two fields; a space at either end, so every
        // word, the first and last included, is found as a whole word (" li ").
        return $" {string.Join(" | ", parts)} ";
    }
}
