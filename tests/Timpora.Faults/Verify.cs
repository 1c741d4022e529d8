using System.Text.Json;
using Npgsql;

namespace Timpora.Faults;

/// <summary>
/// Every acknowledged write is in the event store exactly once, at the case and version it was acknowledged with; no
/// write of the run (acknowledged or not) is there twice. Reads the events straight from PostgreSQL.
/// </summary>
public static class Verify
{
    public static async Task<int> RunAsync(Options options)
    {
        var acks = new List<Ack>();
        foreach (var file in options.Required("acks").Split(',', StringSplitOptions.RemoveEmptyEntries))
            acks.AddRange((await File.ReadAllLinesAsync(file)).Where(line => line.Length > 0).Select(line => JsonSerializer.Deserialize<Ack>(line)!));

        await using var connection = new NpgsqlConnection(options.Required("db"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select coalesce(data ->> 'text', data ->> 'activity') as marker, stream_id, version
            from timpora.mt_events
            where coalesce(data ->> 'text', data ->> 'activity') like 'fault %'
            """, connection);
        var stored = new Dictionary<string, List<(Guid Case, long Version)>>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                var marker = reader.GetString(0);
                if (!stored.TryGetValue(marker, out var places)) stored[marker] = places = [];
                places.Add((reader.GetGuid(1), reader.GetInt64(2)));
            }

        var lost = acks.Where(a => !stored.ContainsKey(a.Marker)).ToList();
        var misplaced = acks.Where(a => stored.TryGetValue(a.Marker, out var places) && places.Count == 1 && places[0] != (a.CaseId, a.Version)).ToList();
        var duplicated = stored.Where(s => s.Value.Count > 1).ToList();
        var acknowledged = acks.Select(a => a.Marker).ToHashSet(StringComparer.Ordinal);
        var storedButNeverAcknowledged = stored.Keys.Count(marker => !acknowledged.Contains(marker));

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            acknowledged = acks.Count,
            presentExactlyOnce = acks.Count - lost.Count - misplaced.Count - acks.Count(a => stored.TryGetValue(a.Marker, out var p) && p.Count > 1),
            lost = lost.Count,
            duplicated = duplicated.Count,
            atAnotherVersion = misplaced.Count,
            storedButNeverAcknowledged,
        }));
        foreach (var ack in lost.Take(10)) Console.Error.WriteLine($"LOST {ack}");
        foreach (var (marker, places) in duplicated.Take(10)) Console.Error.WriteLine($"DUPLICATED {marker}: {string.Join(", ", places)}");
        foreach (var ack in misplaced.Take(10)) Console.Error.WriteLine($"AT ANOTHER VERSION {ack}: {string.Join(", ", stored[ack.Marker])}");
        return lost.Count + duplicated.Count + misplaced.Count == 0 && acks.Count > 0 ? 0 : 1;
    }
}
