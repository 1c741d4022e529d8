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
    private static string Sql(IDocumentStore store) => $"""
        with facts as (
            select data from {store.Options.Schema.For<CaseFacts>()}
            where (@regency is null or lower(data ->> 'regency') = lower(@regency))
        ), cases as (
            select data from facts
            where (@from is null or (data ->> 'firstObservedAt')::timestamptz >= @from)
              and (@to is null or (data ->> 'firstObservedAt')::timestamptz < @to)
        )
        select 'cases', '', count(*) from cases
        union all
        select 'sightings', '', count(*) from facts, jsonb_array_elements(data -> 'sightings') sighting
            where (@from is null or (sighting ->> 'observedAt')::timestamptz >= @from)
              and (@to is null or (sighting ->> 'observedAt')::timestamptz < @to)
        union all
        select 'regency', data ->> 'regency', count(*) from cases group by 2
        union all
        select 'nationality', data ->> 'nationality', count(*) from cases group by 2
        union all
        select 'finding', data ->> 'finding', count(*) from cases where data ->> 'finding' is not null group by 2
        union all
        select 'actionType', action ->> 'type', count(*) from cases, jsonb_array_elements(data -> 'actions') action group by 2
        union all
        select 'month', data ->> 'month', count(*) from cases group by 2
        """;

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
        // An exclusive bound: just after the day's last instant, or after the instant itself.
        var end = clock.ReadPeriod(validation, "to", to)?.Last.AddTicks(1);
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

    private static async Task<IReadOnlyList<Row>> Count(IDocumentStore store, DateTimeOffset? from, DateTimeOffset? to, string? regency,
        CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(Sql(store), connection);
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = (object?)from?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = (object?)to?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("regency", NpgsqlDbType.Text) { Value = (object?)regency ?? DBNull.Value });

        var rows = new List<Row>();
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

    /// <summary>RFC 4180 quoting; a leading formula character is neutralised so a spreadsheet shows the text, never runs it.</summary>
    private static string Quote(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0])) value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}
