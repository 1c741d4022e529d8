using System.Diagnostics;

namespace Timpora.Bench;

/// <summary>
/// Counts the commands (and batches: one batch is one command here) that Npgsql executes in this process, through its
/// ActivitySource "Npgsql", and keeps the SQL of each, so a round-trip figure can say what the round trips are.
/// </summary>
public sealed class CommandCounter : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly List<string> _statements = [];
    private long _commands;

    public CommandCounter()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public long Commands => Interlocked.Read(ref _commands);

    private void Stopped(Activity activity)
    {
        // Npgsql also traces opening a physical connection; only statements sent are commands.
        var statement = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string;
        if (statement is null) return;
        Interlocked.Increment(ref _commands);
        lock (_statements) _statements.Add(statement);
    }

    /// <summary>The statements since the last call, each shortened to its first line and 110 characters.</summary>
    public IReadOnlyList<string> TakeStatements()
    {
        lock (_statements)
        {
            var taken = _statements.Select(Shorten).ToList();
            _statements.Clear();
            return taken;
        }
    }

    private static string Shorten(string sql)
    {
        var flat = string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length > 110 ? flat[..110] + "…" : flat;
    }

    public void Dispose() => _listener.Dispose();
}
