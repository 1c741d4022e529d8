using System.Text.Json;
using Marten;
using Npgsql;

namespace Timpora.Cases.Integrity;

/// <summary>What re-verifying a stream found: valid, or the first version that no longer verifies and why.</summary>
public sealed record IntegrityReport(Guid StreamId, bool Valid, int Events, string? HeadHash, long? FirstInvalidVersion, string? Problem);

/// <summary>
/// Re-verifies the seal chain of a stream from the rows as they are in the database now, read as raw text, not
/// through the event store's deserialisation: any change to an event's data, type, actor, time or position, a
/// removed event, or events put in another order, breaks the chain at the first event concerned.
/// </summary>
public sealed class IntegrityVerifier(IDocumentStore store, IntegrityKeys keys)
{
    private const string StreamSql = $"""
        select version, type, data::text, headers::text, timestamp
        from {CasesStore.Schema}.mt_events where stream_id = @id order by version, seq_id
        """;

    private const string StreamVersionSql = $"select version from {CasesStore.Schema}.mt_streams where id = @id";

    public async Task<IntegrityReport?> VerifyAsync(Guid streamId, CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);

        long? recordedVersion;
        await using (var command = new NpgsqlCommand(StreamVersionSql, connection))
        {
            command.Parameters.AddWithValue("id", streamId);
            recordedVersion = await command.ExecuteScalarAsync(cancellation) as long?;
        }

        var rows = new List<Row>();
        await using (var command = new NpgsqlCommand(StreamSql, connection))
        {
            command.Parameters.AddWithValue("id", streamId);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
                rows.Add(new Row(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        if (recordedVersion is null && rows.Count == 0) return null;
        return Verify(streamId, rows, recordedVersion);
    }

    /// <summary>Every stream, one after another; <paramref name="progress"/> hears of each.</summary>
    public async Task<IReadOnlyList<IntegrityReport>> VerifyAllAsync(Action<int, int>? progress, CancellationToken cancellation)
    {
        var ids = new List<Guid>();
        await using (var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync(cancellation);
            await using var command = new NpgsqlCommand(
                $"select id from {CasesStore.Schema}.mt_streams union select distinct stream_id from {CasesStore.Schema}.mt_events", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation)) ids.Add(reader.GetGuid(0));
        }

        var reports = new List<IntegrityReport>(ids.Count);
        foreach (var id in ids)
        {
            if (await VerifyAsync(id, cancellation) is { } report) reports.Add(report);
            progress?.Invoke(reports.Count, ids.Count);
        }

        return reports;
    }

    private sealed record Row(long Version, string Type, string Data, string? Headers, DateTimeOffset Timestamp);

    private IntegrityReport Verify(Guid streamId, IReadOnlyList<Row> rows, long? recordedVersion)
    {
        var previous = Seal.Genesis;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var expectedVersion = i + 1L;
            if (row.Version != expectedVersion)
                return Broken(row.Version > expectedVersion ? expectedVersion : row.Version,
                    row.Version > expectedVersion ? $"Event {expectedVersion} is missing." : $"Version {row.Version} appears more than once.");

            var headers = Headers(row.Headers);
            if (headers.GetValueOrDefault(Seal.Header) is not { } stored)
                return Broken(row.Version, $"Event {row.Version} carries no seal.");
            var keyId = headers.GetValueOrDefault(Seal.KeyHeader) ?? keys.CurrentKeyId;
            if (keys.Find(keyId) is not { } key)
                return Broken(row.Version, $"Event {row.Version} was sealed with key {keyId}, which this deployment does not hold.");

            var expected = Seal.Compute(key, new Seal.Subject(
                previous, streamId, row.Version, row.Type, Seal.Canonical(row.Data),
                headers.GetValueOrDefault(CasesStore.Headers.UserId), headers.GetValueOrDefault(CasesStore.Headers.Name),
                headers.GetValueOrDefault(CasesStore.Headers.Agency), headers.GetValueOrDefault(CasesStore.Headers.Role),
                row.Timestamp));
            if (!Seal.Matches(stored, expected))
                return Broken(row.Version, $"Event {row.Version} does not match its seal: it, or an event before it, was changed.");
            previous = stored;
        }

        if (recordedVersion is { } version && version != rows.Count)
            return Broken(rows.Count + 1, $"The stream records {version} events but {rows.Count} remain.");

        return new IntegrityReport(streamId, true, rows.Count, rows.Count == 0 ? null : previous, null, null);

        IntegrityReport Broken(long at, string problem) =>
            new(streamId, false, rows.Count, previous.Length == 0 ? null : previous, at, problem);
    }

    private static Dictionary<string, string?> Headers(string? json)
    {
        if (json is null) return [];
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind != JsonValueKind.Object
            ? []
            : document.RootElement.EnumerateObject().ToDictionary(p => p.Name,
                p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText());
    }
}
