using System.Net.Sockets;
using Marten.Exceptions;
using Npgsql;
using Timpora.Api.Infrastructure;

namespace Timpora.Api.Tests.Reliability;

/// <summary>
/// Which failures mean "the database is away, retry" (a 503) rather than a bug (a 500). The answers themselves, and
/// how quickly they come while PostgreSQL is down, are measured by scripts/faults/pg-restart.sh against real processes.
/// </summary>
public sealed class DatabaseFailures
{
    public static TheoryData<string, Exception> Unavailable => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)) },
        { "command timeout", new NpgsqlException("Exception while reading from stream", new TimeoutException()) },
        { "server shutting down", new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01") },
        { "server crashed", new PostgresException("terminating connection because of crash of another server process", "FATAL", "FATAL", "57P02") },
        { "server starting up", new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03") },
        { "too many connections", new PostgresException("sorry, too many clients already", "FATAL", "FATAL", "53300") },
        { "wrapped by Marten", new MartenCommandException(new NpgsqlCommand("select 1"), new NpgsqlException("Failed to connect", new SocketException())) },
        { "in an aggregate", new AggregateException(new InvalidOperationException("first"), new NpgsqlException("broken", new IOException())) },
    };

    public static TheoryData<string, Exception> Bugs => new()
    {
        { "undefined table", new PostgresException("relation \"timpora.nothing\" does not exist", "ERROR", "ERROR", "42P01") },
        { "a plain bug", new InvalidOperationException("a decision is either accepted or refused") },
        { "null reference", new NullReferenceException() },
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void the_database_being_away_is_recognised_as_unavailability(string _, Exception failure) =>
        ErrorHandling.DatabaseUnavailable(failure).Should().BeTrue();

    [Theory]
    [MemberData(nameof(Bugs))]
    public void a_bug_is_not_mistaken_for_unavailability(string _, Exception failure) =>
        ErrorHandling.DatabaseUnavailable(failure).Should().BeFalse();
}
