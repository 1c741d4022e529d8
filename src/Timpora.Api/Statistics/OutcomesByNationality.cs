using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Statistics;
using Wolverine.Http;

namespace Timpora.Api.Statistics;

public sealed record NationalityOutcomeRow(
    string Nationality,
    long VerifiedCases,
    IReadOnlyDictionary<string, long> ActionsByType,
    long RemovedOrDetainedCases,
    double RemovalOrDetentionRate,
    double? RatioToOverall,
    bool Flagged);

public sealed record OutcomesByNationality(
    long VerifiedCases,
    long RemovedOrDetainedCases,
    double OverallRate,
    int MinimumVerifiedCases,
    double DisparityFactor,
    IReadOnlyList<NationalityOutcomeRow> Nationalities);

/// <summary>
/// The non-discrimination monitor for auditors, summed from the case facts read model (one document per case, so a
/// case is counted once however often its events were delivered): verified cases per nationality, the actions decided
/// on them, and how often they ended in deportation or detention against the overall rate.
/// </summary>
public static class OutcomesByNationalityEndpoint
{
    /// <summary>The watched action types as stored (camelCase), from the monitor's own list.</summary>
    private static readonly string[] RemovalOrDetention =
        [.. OutcomeMonitor.RemovalOrDetention.Select(type => JsonNamingPolicy.CamelCase.ConvertName(type.ToString()))];

    private static string Sql(IDocumentStore store) => $"""
        with verified as (
            select data from {store.Options.Schema.For<CaseFacts>()} where data ->> 'finding' is not null
        )
        select data ->> 'nationality', '', count(*),
               count(*) filter (where exists (
                   select 1 from jsonb_array_elements(data -> 'actions') action where action ->> 'type' = any($1)))
        from verified group by 1
        union all
        select data ->> 'nationality', action ->> 'type', count(*), 0
        from verified, jsonb_array_elements(data -> 'actions') action group by 1, 2
        """;

    [WolverineGet("/api/statistics/outcomes-by-nationality", OperationId = "listOutcomesByNationality")]
    [Tags("Statistics")]
    [ProducesResponseType<OutcomesByNationality>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    public static async Task<IResult> Get(HttpContext http, IDocumentStore store)
    {
        if (CurrentUser.From(http.User).ActingFor(Permission.ReadOutcomeMonitor) is null)
            return Problems.Forbidden("Only auditors read the non-discrimination monitor.");

        var counts = await Count(store, http.RequestAborted);
        var report = OutcomeMonitor.Assess(counts);
        return TypedResults.Ok(new OutcomesByNationality(
            report.VerifiedCases, report.RemovedOrDetainedCases, report.OverallRate, report.MinimumVerifiedCases, report.DisparityFactor,
            report.Nationalities.Select(n => new NationalityOutcomeRow(
                n.Nationality, n.VerifiedCases,
                n.ActionsByType.OrderBy(a => a.Key).ToDictionary(a => JsonNamingPolicy.CamelCase.ConvertName(a.Key.ToString()), a => a.Value),
                n.RemovedOrDetainedCases, n.RemovalOrDetentionRate, n.RatioToOverall, n.Flagged)).ToList()));
    }

    private static async Task<IReadOnlyList<NationalityCounts>> Count(IDocumentStore store, CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(Sql(store), connection);
        command.Parameters.Add(new NpgsqlParameter { Value = RemovalOrDetention });

        var cases = new Dictionary<string, (long Verified, long RemovedOrDetained)>(StringComparer.Ordinal);
        var actions = new Dictionary<string, Dictionary<ActionType, long>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var nationality = reader.GetString(0);
            var type = reader.GetString(1);
            if (type.Length == 0)
                cases[nationality] = (reader.GetInt64(2), reader.GetInt64(3));
            else if (Enum.TryParse<ActionType>(type, ignoreCase: true, out var actionType))
                (actions.TryGetValue(nationality, out var byType) ? byType : actions[nationality] = [])[actionType] = reader.GetInt64(2);
        }

        return cases.Select(c => new NationalityCounts(c.Key, c.Value.Verified,
            actions.TryGetValue(c.Key, out var byType) ? byType : new Dictionary<ActionType, long>(), c.Value.RemovedOrDetained)).ToList();
    }
}
