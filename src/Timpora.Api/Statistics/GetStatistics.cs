using System.Globalization;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using NpgsqlTypes;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Statistics;
using Wolverine.Http;

namespace Timpora.Api.Statistics;

public sealed record CaseStatistics(
    long Sightings,
    long Cases,
    IReadOnlyDictionary<string, long> ByRegency,
    IReadOnlyDictionary<string, long> ByNationality,
    IReadOnlyDictionary<string, long> ByFinding,
    IReadOnlyDictionary<string, long> ByActionType,
    IReadOnlyDictionary<string, long> ByMonth);

/// <summary>
/// Counts for TIMPORA meetings: cases and sightings by regency, nationality, verification finding, action type
/// and month, for a period (<c>from</c>/<c>to</c>: dates in the office's time zone, both inclusive, or
/// timestamps) and a regency. A case falls in the period of its first sighting; a sighting in its own.
/// <c>Accept: text/csv</c> gives the same as a table of dimension, key, count.
/// </summary>
public static class GetStatisticsEndpoint
{
    [WolverineGet("/api/statistics", OperationId = "getStatistics")]
    [Tags("Statistics")]
    [ProducesResponseType<CaseStatistics>(StatusCodes.Status200OK)]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/csv")]
    public static async Task<IResult> Get(string? from, string? to, string? regency, HttpContext http, IDocumentStore store, OfficeClock clock)
    {
        if (CurrentUser.From(http.User).ActingFor(Permission.ReadProjections) is null)
            return Problems.Forbidden("Your role may not read statistics.");

        var validation = new Validation();
        validation.Text("regency", regency);
        var start = clock.ReadPeriod(validation, "from", from)?.Start;
        // An exclusive bound: the microsecond after the day's last instant, or after the instant itself (PostgreSQL keeps
        // microseconds, so a bound one tick after the instant would be truncated to the instant and leave it out).
        var end = clock.ReadPeriod(validation, "to", to)?.Last is { } last ? last.AddTicks(TimeSpan.TicksPerMicrosecond - last.Ticks % TimeSpan.TicksPerMicrosecond) : (DateTimeOffset?)null;
        if (!validation.IsValid) return validation.Problem();

        var rows = await Count(store, start, end, string.IsNullOrWhiteSpace(regency) ? null : regency.Trim(), http.RequestAborted);
        if (WantsCsv(http.Request)) return TypedResults.Text(Csv(rows), "text/csv; charset=utf-8", Encoding.UTF8);

        IReadOnlyDictionary<string, long> Dimension(string name) =>
            rows.Where(r => r.Dimension == name).OrderBy(r => r.Key, StringComparer.Ordinal).ToDictionary(r => r.Key, r => r.Count);
        long Total(string name) => rows.Where(r => r.Dimension == name).Sum(r => r.Count);

        return TypedResults.Ok(new CaseStatistics(
            Total("sightings"), Total("cases"), Dimension("regency"), Dimension("nationality"), Dimension("finding"),
            Dimension("actionType"), Dimension("month")));
    }

    private sealed record Row(string Dimension, string Key, long Count);

    /// <summary>
    /// Sums the counters of the whole days and months in the period (<see cref="StatisticsRollups"/>), and counts the partial
    /// days at its edges from the facts of the cases seen on them, with the same definition of what a case contributes.
    /// </summary>
    private static async Task<IReadOnlyList<Row>> Count(IDocumentStore store, DateTimeOffset? from, DateTimeOffset? to, string? regency,
        CancellationToken cancellation)
    {
        var schema = store.Options.DatabaseSchemaName;
        var cover = StatisticsRollups.CoverOf(from, to);
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand { Connection = connection };
        // Counters of every regency are kept under '', of one regency under its name as PostgreSQL lower-cases it.
        command.Parameters.Add(new NpgsqlParameter("regency", NpgsqlDbType.Text) { Value = (object?)regency ?? DBNull.Value });

        var parts = new List<string>();
        foreach (var (range, i) in cover.Buckets.Select((range, i) => (range, i)))
        {
            command.Parameters.Add(new NpgsqlParameter($"kind{i}", NpgsqlDbType.Text) { Value = range.Kind });
            command.Parameters.Add(new NpgsqlParameter($"from{i}", NpgsqlDbType.Date) { Value = range.From });
            command.Parameters.Add(new NpgsqlParameter($"to{i}", NpgsqlDbType.Date) { Value = range.To });
            parts.Add($"""
                select dimension, key, count from {schema}.{StatisticsRollups.CountsView}
                where kind = @kind{i} and regency = coalesce(lower(@regency), '') and starts >= @from{i} and starts < @to{i}
                """);
        }

        foreach (var (edge, i) in cover.Edges.Select((edge, i) => (edge, i)))
        {
            command.Parameters.Add(new NpgsqlParameter($"day{i}", NpgsqlDbType.Date) { Value = edge.Day });
            command.Parameters.Add(new NpgsqlParameter($"after{i}", NpgsqlDbType.TimestampTz) { Value = (object?)edge.From?.ToUniversalTime() ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter($"before{i}", NpgsqlDbType.TimestampTz) { Value = (object?)edge.To?.ToUniversalTime() ?? DBNull.Value });
            parts.Add($"""
                select c.dimension, c.key, 1 as count from {store.Options.Schema.For<CaseFacts>()} facts,
                    {schema}.{StatisticsRollups.ContributionsFunction}(facts.data) c
                where {schema}.{StatisticsRollups.DaysFunction}(facts.data) @> array[@day{i}]
                  and c.kind = '{StatisticsRollups.Day}' and c.regency = coalesce(lower(@regency), '') and c.starts = @day{i}
                  and (@after{i} is null or c.observed_at >= @after{i}) and (@before{i} is null or c.observed_at < @before{i})
                """);
        }

        var rows = new List<Row>();
        if (parts.Count == 0) return rows;
        command.CommandText = $"""
            select dimension, key, sum(count)::bigint from (
            {string.Join("\nunion all\n", parts)}
            ) counted
            group by dimension, key having sum(count) <> 0
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return rows;
    }

    private static bool WantsCsv(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    private static string Csv(IReadOnlyList<Row> rows)
    {
        var csv = new StringBuilder("dimension,key,count\r\n");
        foreach (var row in rows.OrderBy(r => Order(r.Dimension)).ThenBy(r => r.Key, StringComparer.Ordinal))
            csv.Append(row.Dimension).Append(',').Append(Quote(row.Key)).Append(',').Append(row.Count.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        return csv.ToString();
    }

    private static int Order(string dimension) =>
        Array.IndexOf(["sightings", "cases", "regency", "nationality", "finding", "actionType", "month"], dimension);

    /// <summary>
    /// RFC 4180 quoting; a leading formula character is neutralised so a spreadsheet shows the text, never runs it. A
    /// value holding a semicolon or a tab is quoted too: a spreadsheet in a comma-decimal locale (Indonesian among them)
    /// splits unquoted cells on <c>;</c>, and the part after it could start a formula.
    /// </summary>
    internal static string Quote(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0])) value = "'" + value;
        return value.IndexOfAny([',', ';', '\t', '"', '\r', '\n']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}
