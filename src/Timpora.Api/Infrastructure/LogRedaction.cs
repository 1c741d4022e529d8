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
            options.Logger(new ValueFreeMartenLogger(provider.GetRequiredService<ILoggerFactory>().CreateLogger<IDocumentStore>())));

    private sealed class ValueFreeMartenLogger(ILogger logger) : IMartenLogger, IMartenSessionLogger
    {
        public IMartenSessionLogger StartSession(IQuerySession session) => this;

        public void SchemaChange(string sql) => logger.LogInformation("Applied a schema change:\n{Sql}", sql);

        public void LogSuccess(NpgsqlCommand command)
        {
        }

        public void LogSuccess(NpgsqlBatch batch)
        {
        }

        public void LogFailure(NpgsqlCommand command, Exception ex) =>
            logger.LogError(ex, "A database command failed:\n{Sql}", command.CommandText);

        public void LogFailure(NpgsqlBatch batch, Exception ex) =>
            logger.LogError(ex, "A database batch failed:\n{Sql}", string.Join("\n", batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText)));

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
