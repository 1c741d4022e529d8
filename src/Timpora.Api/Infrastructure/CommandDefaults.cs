using JasperFx.CommandLine;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// What the API's command line adds to the commands it gets from JasperFx, Marten and Wolverine.
/// </summary>
public static class CommandDefaults
{
    /// <summary>
    /// How long <c>projections rebuild</c> lets one projection replay before it gives up, unless the operator says
    /// (<c>--shard-timeout 30m</c>). The command's own bound is five minutes, which a store of a few hundred thousand
    /// cases outgrows: the rebuild then fails with its tables already emptied. A rebuild shows its progress, and an
    /// operator who wants it to stop presses Ctrl+C.
    /// </summary>
    public const string RebuildShardTimeout = "12h";

    private static readonly string[] DatabaseCommands =
        ["integrity", "projections", "seed", "event-query", "clear-handled", "resources", "storage"];

    /// <summary>
    /// The arguments as the command line should see them: <c>token --help</c> (or <c>-h</c>, <c>-?</c>) is
    /// <c>help token</c>, and a rebuild gets <see cref="RebuildShardTimeout"/> unless it names its own.
    /// </summary>
    public static string[] WithDefaults(string[] args)
    {
        if (args is [var asked, .. var rest] && !asked.StartsWith('-') && rest.Any(arg => arg is "--help" or "-h" or "-?"))
            return ["help", asked];
        if (args is not [var command, ..] || !string.Equals(command, "projections", StringComparison.OrdinalIgnoreCase))
            return args;
        if (args.Any(arg => arg is "--shard-timeout" or "-t" || arg.StartsWith("--shard-timeout=", StringComparison.Ordinal)))
            return args;
        return [.. args, "--shard-timeout", RebuildShardTimeout];
    }

    /// <summary>Whether the command in <paramref name="args"/> reads or writes the database (serving is not a command).</summary>
    public static bool NeedsDatabase(string[] args) =>
        args is [var command, ..]
        && (command.StartsWith("db-", StringComparison.OrdinalIgnoreCase)
            || DatabaseCommands.Contains(command, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// JasperFx announces every assembly it searches for commands ("Searching '…' for commands", fourteen lines on
    /// standard output) until its extensions have been applied once; applying an empty set of them marks that done,
    /// so a command prints only what it has to say.
    /// </summary>
    public static void QuietDiscovery() => new CommandFactory().ApplyExtensions(new ServiceCollection());
}
