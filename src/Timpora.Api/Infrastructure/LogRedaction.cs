using Marten;
using Marten.Services;
using Npgsql;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// Personal data stays out of the logs. Marten's default logger writes the value of every parameter of a failed command
/// at Error, and a parameter may be personal data: a foreign-national profile's id is nationality and passport number,
/// a search carries the passport number asked for. This logger names the SQL and the error, never the values.
/// The application logs no request body and no token; ASP.NET's request logging stays at Warning (appsettings.json)
/// because it writes query strings, which may hold a passport number.
/// </summary>
public static class LogRedaction
{
    public static IServiceCollection AddCasesLogRedaction(this IServiceCollection services) =>
        services.ConfigureMarten((provider, options) =>
            options.Logger(new ValueFreeMartenLogger(
                provider.GetRequiredService<ILoggerFactory>().CreateLogger<IDocumentStore>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger(WriteRaces))));

    /// <summary>Where the races of concurrent writes are logged, at Information (Marten's own category logs from Warning).</summary>
    public const string WriteRaces = "Timpora.Api.WriteRaces";

    /// <summary>
    /// Unique keys that two writers reach at once in the normal run of things, each handled where it happens: two writes
    /// to one case at the same version, or at a version that has moved on (the loser is answered 409, or retried by the
    /// write path), a case opened twice
    /// under one id (a retried report, answered with the first answer), two daemons registering a projection's progress.
    /// Such a failure is an outcome, logged at Information without a stack trace; any other failure is an error.
    /// </summary>
    private static readonly string[] RaceKeys = ["pk_mt_events_stream_and_version", "pkey_mt_streams_id", "pk_mt_event_progression"];

    /// <summary>What Marten's append function raises when a stream is not at the version a write expected (MT003).</summary>
    private const string StreamVersionMismatch = "MT003";

    private static PostgresException? LostRace(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
            if (current is PostgresException postgres
                && (postgres.SqlState == StreamVersionMismatch
                    || (postgres.SqlState == PostgresErrorCodes.UniqueViolation && RaceKeys.Contains(postgres.ConstraintName))))
                return postgres;
        return null;
    }

    private sealed class ValueFreeMartenLogger(ILogger logger, ILogger races) : IMartenLogger, IMartenSessionLogger
    {
        public IMartenSessionLogger StartSession(IQuerySession session) => this;

        public void SchemaChange(string sql) => logger.LogInformation("Applied a schema change:\n{Sql}", sql);

        public void LogSuccess(NpgsqlCommand command)
        {
        }

        public void LogSuccess(NpgsqlBatch batch)
        {
        }

        public void LogFailure(NpgsqlCommand command, Exception ex)
        {
            if (LostRace(ex) is { } race) LogRace(race);
            else logger.LogError(ex, "A database command failed:\n{Sql}", command.CommandText);
        }

        public void LogFailure(NpgsqlBatch batch, Exception ex)
        {
            if (LostRace(ex) is { } race) LogRace(race);
            else logger.LogError(ex, "A database batch failed:\n{Sql}", string.Join("\n", batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText)));
        }

        private void LogRace(PostgresException race) =>
            races.LogInformation("A write lost a race to another ({Reason}) and was refused whole; it is answered as such a race is",
                race.ConstraintName ?? race.SqlState);

        public void LogFailure(Exception ex, string message) => logger.LogError(ex, "{Message}", message);

        public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
        {
        }

        public void OnBeforeExecute(NpgsqlCommand command)
        {
        }

        public void OnBeforeExecute(NpgsqlBatch batch)
        {
        }
    }
}
