namespace Timpora.Api.Infrastructure;

/// <summary>
/// Defaults the API's commands need that their own defaults do not give.
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

    public static string[] WithDefaults(string[] args)
    {
        if (args is not [var command, ..] || !string.Equals(command, "projections", StringComparison.OrdinalIgnoreCase))
            return args;
        if (args.Any(arg => arg is "--shard-timeout" or "-t" || arg.StartsWith("--shard-timeout=", StringComparison.Ordinal)))
            return args;
        return [.. args, "--shard-timeout", RebuildShardTimeout];
    }
}
