using System.Data.Common;
using Npgsql;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// Bounds on how long a request waits for PostgreSQL, so that a database that is down or hung makes the API answer
/// 503 in seconds instead of holding requests (Npgsql waits 15 s to connect and 30 s per command by default).
/// Whatever the connection string sets itself wins.
/// </summary>
public static class DatabaseTimeouts
{
    /// <summary>Seconds to open a connection, including the wait for a free one in the pool.</summary>
    public const int ConnectSeconds = 5;

    /// <summary>Seconds for one command; the slowest request the API serves takes well under a second.</summary>
    public const int CommandSeconds = 15;

    private const string Setting = "ConnectionStrings:Timpora";

    public static ConfigurationManager AddCasesDatabaseTimeouts(this ConfigurationManager configuration)
    {
        // No connection string yet is fine: commands such as "token" need no database.
        if (configuration[Setting] is not { Length: > 0 } configured) return configuration;

        configuration.AddInMemoryCollection([new(Setting, WithTimeouts(configured))]);
        return configuration;
    }

    public static string WithTimeouts(string connectionString)
    {
        var stated = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!States(stated, "Timeout")) builder.Timeout = ConnectSeconds;
        if (!States(stated, "Command Timeout", "CommandTimeout")) builder.CommandTimeout = CommandSeconds;
        return builder.ConnectionString;
    }

    private static bool States(DbConnectionStringBuilder stated, params string[] keywords) =>
        keywords.Any(keyword => stated.ContainsKey(keyword));
}
