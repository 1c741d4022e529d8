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

    public static ConfigurationManager AddCasesDatabaseConnections(this ConfigurationManager configuration)
    {
        // No connection string yet is fine: commands such as "token" need no database.
        if (configuration[Setting] is not { Length: > 0 } configured) return configuration;

        configuration.AddInMemoryCollection([new(Setting, WithDefaults(configured))]);
        return configuration;
    }

    public static string WithDefaults(string connectionString)
    {
        var stated = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!States(stated, "Timeout")) builder.Timeout = ConnectSeconds;
        if (!States(stated, "Command Timeout", "CommandTimeout")) builder.CommandTimeout = CommandSeconds;
        if (!States(stated, "Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = AutoPrepared;
        if (!States(stated, "Auto Prepare Min Usages", "AutoPrepareMinUsages")) builder.AutoPrepareMinUsages = AutoPrepareAfterUses;
        return builder.ConnectionString;
    }

    private static bool States(DbConnectionStringBuilder stated, params string[] keywords) =>
        keywords.Any(keyword => stated.ContainsKey(keyword));
}
