using JasperFx.Events;
using Marten;
using Marten.Services;
using Npgsql;

namespace Timpora.Cases.Integrity;

/// <summary>
/// Seals every event as it is appended, whatever appends it (a request, the demo data, the seeder): just before
/// the session's batch goes to the database, each new event gets its seal and key id as headers, chained to the
/// stream's previous seal. Versions, headers and timestamps are final by then; the batch writes the headers.
/// </summary>
/// <remarks>
/// The previous seal comes from the seals this node committed last (<see cref="SealCache"/>) when the stream's
/// newest event is one of them, and otherwise from the database, on a connection of its own.
/// </remarks>
public sealed class EventSealer(IntegrityKeys keys) : DocumentSessionListenerBase
{
    private readonly SealCache committed = new();

    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken cancellation)
    {
        foreach (var stream in session.PendingChanges.Streams().Where(s => s.Events.Count > 0))
        {
            var previous = stream.ActionType == StreamActionType.Start
                ? Seal.Genesis
                : committed.Find(stream.Id, stream.Events.Min(e => e.Version) - 1)
                  ?? await LastSealAsync(session, stream.Id, cancellation);

            foreach (var @event in stream.Events.OrderBy(e => e.Version))
            {
                @event.Timestamp = Seal.Storable(@event.Timestamp);
                var seal = Seal.Compute(keys.Current, new Seal.Subject(
                    previous,
                    stream.Id,
                    @event.Version,
                    @event.EventTypeName,
                    Seal.Canonical(session.DocumentStore.Options.Serializer().ToJson(@event.Data)),
                    Header(@event, CasesStore.Headers.UserId),
                    Header(@event, CasesStore.Headers.Name),
                    Header(@event, CasesStore.Headers.Agency),
                    Header(@event, CasesStore.Headers.Role),
                    @event.Timestamp));
                @event.SetHeader(Seal.Header, seal);
                @event.SetHeader(Seal.KeyHeader, keys.CurrentKeyId);
                previous = seal;
            }
        }
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var stream in commit.GetEvents().GroupBy(e => e.StreamId))
        {
            var newest = stream.MaxBy(e => e.Version)!;
            if (newest.GetHeader(Seal.Header) is { } seal) committed.Remember(stream.Key, newest.Version, seal.ToString()!);
        }

        return Task.CompletedTask;
    }

    private static string? Header(IEvent @event, string key) => @event.GetHeader(key)?.ToString();

    private static async Task<string> LastSealAsync(IDocumentSession session, Guid streamId, CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)session.DocumentStore.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"select headers ->> '{Seal.Header}' from {CasesStore.Schema}.mt_events where stream_id = @id order by version desc limit 1",
            connection);
        command.Parameters.AddWithValue("id", streamId);
        return await command.ExecuteScalarAsync(cancellation) as string ?? Seal.Genesis;
    }
}
