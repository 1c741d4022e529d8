using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace Timpora.Faults;

/// <summary>What the database says about the async projections: how far each is, and which node runs it.</summary>
public static class Cluster
{
    private const string Subscriptions = "event-subscriptions://%";

    /// <summary>Polls until every projection shard has applied the newest event; prints how long that took.</summary>
    public static async Task<int> WaitForProjectionsAsync(Options options)
    {
        var limit = TimeSpan.FromSeconds(options.Int("seconds", 90));
        var shards = options.Int("shards", 4);
        await using var connection = new NpgsqlConnection(options.Required("db"));
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        long newest = 0;
        Dictionary<string, long> progress = [];
        while (clock.Elapsed < limit)
        {
            newest = (long)(await Scalar(connection, "select coalesce(max(seq_id), 0) from timpora.mt_events"))!;
            progress = await Progress(connection);
            if (progress.Count >= shards && progress.Values.All(sequence => sequence >= newest))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { caughtUpAfterSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1), newestEvent = newest, progress }));
                return 0;
            }

            await Task.Delay(500);
        }

        Console.WriteLine(JsonSerializer.Serialize(new { caughtUp = false, newestEvent = newest, progress }));
        return 1;
    }

    /// <summary>
    /// Polls until each projection shard is assigned to exactly one live node, optionally a given one or any but a
    /// given one; prints the assignments (Wolverine's) and the node each shard reports running on (Marten's).
    /// </summary>
    public static async Task<int> AssignmentsAsync(Options options)
    {
        var limit = TimeSpan.FromSeconds(options.Int("seconds", 120));
        var shards = options.Int("shards", 4);
        var onNode = options.Optional("on-node");
        var notNode = options.Optional("not-node");
        await using var connection = new NpgsqlConnection(options.Required("db"));
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        List<(string Agent, string Node)> assignments = [];
        while (clock.Elapsed < limit)
        {
            assignments = await Assignments(connection);
            var settled = assignments.Count == shards
                          && assignments.Select(a => a.Agent).Distinct().Count() == shards
                          && (onNode is null || assignments.All(a => a.Node == onNode))
                          && (notNode is null || assignments.All(a => a.Node != notNode));
            if (settled) break;
            await Task.Delay(500);
        }

        var ok = assignments.Count == shards && (onNode is null || assignments.All(a => a.Node == onNode))
                 && (notNode is null || assignments.All(a => a.Node != notNode));
        var runningOn = new Dictionary<string, int?>();
        await using (var command = new NpgsqlCommand(
                         "select name, running_on_node from timpora.mt_event_progression where name not like 'HighWater%' order by name", connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) runningOn[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetInt32(1);

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            settled = ok,
            afterSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            assignments = assignments.ToDictionary(a => a.Agent, a => a.Node),
            runningOnNodeNumber = runningOn,
            nodes = await Nodes(connection),
        }));
        return ok ? 0 : 1;
    }

    /// <summary>One line per live node id, the node holding the most projection shards first, so a script can pick its victim.</summary>
    public static async Task<int> PrintNodesAsync(Options options)
    {
        await using var connection = new NpgsqlConnection(options.Required("db"));
        await connection.OpenAsync();
        var held = (await Assignments(connection)).GroupBy(a => a.Node).ToDictionary(g => g.Key, g => g.Count());
        foreach (var node in (await Nodes(connection)).Keys.OrderByDescending(id => held.GetValueOrDefault(id)))
            Console.WriteLine(node);
        return 0;
    }

    public static async Task<Dictionary<string, int>> Nodes(NpgsqlConnection connection)
    {
        var nodes = new Dictionary<string, int>();
        await using var command = new NpgsqlCommand("select id, node_number from timpora.wolverine_nodes order by started", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) nodes[reader.GetGuid(0).ToString()] = reader.GetInt32(1);
        return nodes;
    }

    private static async Task<List<(string Agent, string Node)>> Assignments(NpgsqlConnection connection)
    {
        var assignments = new List<(string, string)>();
        await using var command = new NpgsqlCommand("select id, node_id from timpora.wolverine_node_assignments where id like @subscriptions order by id", connection);
        command.Parameters.AddWithValue("subscriptions", Subscriptions);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) assignments.Add((reader.GetString(0), reader.GetGuid(1).ToString()));
        return assignments;
    }

    private static async Task<Dictionary<string, long>> Progress(NpgsqlConnection connection)
    {
        var progress = new Dictionary<string, long>();
        await using var command = new NpgsqlCommand("select name, last_seq_id from timpora.mt_event_progression where name not like 'HighWater%'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) progress[reader.GetString(0)] = reader.GetInt64(1);
        return progress;
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
