using Alba;
using JasperFx.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;

namespace Timpora.Api.Tests.Support;

/// <summary>
/// The real application apart from the assembly's shared host: on a database of its own (so its async daemon and its
/// scheduled messages never compete with the shared host's), with a clock and configuration of its own.
/// </summary>
public static class Hosts
{
    private static string SharedConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Timpora") is { Length: > 0 } shared
            ? shared
            : throw new InvalidOperationException("Run the tests with scripts/test.sh, which starts PostgreSQL and sets ConnectionStrings__Timpora.");

    /// <summary>
    /// A fresh database on the test server: named <paramref name="name"/> (made afresh should an earlier run have left
    /// it), or a new name of its own.
    /// </summary>
    public static async Task<string> NewDatabase(string? name = null)
    {
        var shared = new NpgsqlConnectionStringBuilder(SharedConnectionString);
        name ??= $"timpora_{Guid.NewGuid():N}"[..24];
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(shared.ConnectionString) { Database = "postgres" }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(shared.ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Removes a database made by <see cref="NewDatabase"/>, whatever connections its hosts left open.</summary>
    public static async Task DropDatabase(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {database.Database} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The application as the assembly fixture starts it, on the database of <paramref name="connectionString"/>, telling
    /// the time by <paramref name="clock"/> (the machine's when null), with <paramref name="settings"/> over the fixture's
    /// and <paramref name="services"/> registered last.
    /// </summary>
    public static async Task<IAlbaHost> Start(string connectionString, TestClock? clock = null, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "false",
            ["RateLimit:PermitsPerMinute"] = "1000000",
            ["Projections:Daemon"] = "Solo",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;
        configuration["ConnectionStrings:Timpora"] = connectionString;

        JasperFxEnvironment.AutoStartHost = true;
        var host = await AlbaHost.For<Program>(builder =>
        {
            // In-memory settings come last, so they win over the shared database's environment variable.
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(configuration));
            builder.ConfigureServices(collection =>
            {
                if (clock is not null) collection.AddSingleton<TimeProvider>(clock);
                collection.RunWolverineInSoloMode();
                collection.DisableAllExternalWolverineTransports();
                services?.Invoke(collection);
            });
        });

        if (host.Services.GetRequiredService<IConfiguration>().GetConnectionString("Timpora") != connectionString)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException("The host would have used the shared database.");
        }

        return host;
    }
}
