using System.Text;
using System.Text.RegularExpressions;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// Standard output of the <c>projections</c> command without three lines JasperFx prints for every run: a warning that
/// concerns hosts built another way than this API's ("Cannot override services…"), "Press CTRL + C to quit" (a rebuild
/// ends by itself; Ctrl+C still stops it), and its closing line, which it prints with its markup unrendered
/// ("[purple]Finished rebuild in … ms[/]": rendered here). Text passes through as it is written unless it could still
/// become one of those lines, so progress shows as it happens.
/// </summary>
public sealed partial class CommandOutput(TextWriter inner) : TextWriter
{
    private static readonly string[] Dropped =
    [
        "Cannot override services when the IHost is already constructed",
        "Press CTRL + C to quit",
    ];

    private const string UnrenderedStart = "[purple]";
    private const string UnrenderedEnd = "[/]";

    private readonly StringBuilder _pending = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        _pending.Append(value);
        var visible = Visible(_pending.ToString());
        if (value == '\n')
        {
            var line = visible.TrimEnd('\r', '\n');
            if (Dropped.Contains(line)) _pending.Clear();
            else if (line.StartsWith(UnrenderedStart, StringComparison.Ordinal) && line.EndsWith(UnrenderedEnd, StringComparison.Ordinal))
            {
                _pending.Clear();
                inner.WriteLine(line[UnrenderedStart.Length..^UnrenderedEnd.Length]);
            }
            else Pass();
            return;
        }

        if (!Dropped.Any(line => line.StartsWith(visible, StringComparison.Ordinal)) && !IsUnrendered(visible)) Pass();
    }

    public override void Write(string? value)
    {
        foreach (var character in value ?? "") Write(character);
    }

    public override void Flush()
    {
        // Control sequences alone (a progress display's) are never part of a dropped line.
        if (Visible(_pending.ToString()).Length == 0) Pass();
        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Pass();
        base.Dispose(disposing);
    }

    private static bool IsUnrendered(string visible) =>
        visible.Length <= UnrenderedStart.Length ? UnrenderedStart.StartsWith(visible, StringComparison.Ordinal) : visible.StartsWith(UnrenderedStart, StringComparison.Ordinal);

    private void Pass()
    {
        if (_pending.Length == 0) return;
        inner.Write(_pending.ToString());
        _pending.Clear();
    }

    /// <summary>The text without its terminal control sequences, a sequence not finished yet included.</summary>
    private static string Visible(string text) => PartialAnsi().Replace(Ansi().Replace(text, ""), "");

    [GeneratedRegex("\u001b\\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Ansi();

    [GeneratedRegex("\u001b(\\[[0-9;?]*)?$")]
    private static partial Regex PartialAnsi();
}
