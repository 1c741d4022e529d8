using System.Data.Common;
using Npgsql;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// What the API adds to the connection string unless the connection string sets it itself:
/// <list type="bullet">
/// <item>bounds on how long a request waits for PostgreSQL, so that a database that is down or hung makes the API answer
/// 503 in seconds instead of holding requests (Npgsql waits 15 s to connect and 30 s per command by default);</item>
/// <item>automatic preparation of the statements a connection runs repeatedly (Marten's append, the case snapshot's
/// upsert, the projections' upserts): PostgreSQL then plans each once per connection instead of on every call, and
/// the plans inside Marten's append function survive the connection going back to the pool. This needs a direct
/// connection or a pooler in session mode; behind a pooler in transaction mode set <c>Max Auto Prepare=0</c>.</item>
/// </list>
/// A command (<c>db-apply</c>, <c>projections</c>, <c>seed</c>, <c>integrity</c>…) gets no bound on a command: creating an
/// index or recounting the statistics of a large store takes minutes, and nobody waits on an HTTP answer.
/// </summary>
public static class DatabaseConnections
{
    /// <summary>Seconds to open a connection, including the wait for a free one in the pool.</summary>
    public const int ConnectSeconds = 5;

    /// <summary>Seconds for one command; the slowest request the API serves takes well under a second.</summary>
    public const int CommandSeconds = 15;

    /// <summary>Statements each connection keeps prepared, and how often one must run before it is.</summary>
    public const int AutoPrepared = 64;
    public const int AutoPrepareAfterUses = 2;

    private const string Setting = "ConnectionStrings:Timpora";

    /// <param name="args">The process's arguments: a first one that is not an option names a command other than serving.</param>
    public static ConfigurationManager AddCasesDatabaseConnections(this ConfigurationManager configuration, string[] args)
    {
        // No connection string yet is fine: commands such as "token" need no database.
        if (configuration[Setting] is not { Length: > 0 } configured) return configuration;

        var serving = args is [] || args[0].StartsWith('-') || string.Equals(args[0], "run", StringComparison.OrdinalIgnoreCase);
        configuration.AddInMemoryCollection([new(Setting, WithDefaults(configured, serving ? CommandSeconds : 0))]);
        return configuration;
    }

    /// <param name="commandSeconds">The bound on one command; 0 for none.</param>
    public static string WithDefaults(string connectionString, int commandSeconds = CommandSeconds)
    {
        var stated = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!States(stated, "Timeout")) builder.Timeout = ConnectSeconds;
        if (!States(stated, "Command Timeout", "CommandTimeout")) builder.CommandTimeout = commandSeconds;
        if (!States(stated, "Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = AutoPrepared;
        if (!States(stated, "Auto Prepare Min Usages", "AutoPrepareMinUsages")) builder.AutoPrepareMinUsages = AutoPrepareAfterUses;
        return builder.ConnectionString;
    }

    private static bool States(DbConnectionStringBuilder stated, params string[] keywords) =>
        keywords.Any(keyword => stated.ContainsKey(keyword));
}
