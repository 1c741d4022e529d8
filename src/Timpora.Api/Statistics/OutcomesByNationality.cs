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
/// The non-discrimination monitor for auditors, read from the totals kept with the case facts read model
/// (<see cref="StatisticsRollups"/>; one document per case, so a case is counted once however often its events were
/// delivered): verified cases per nationality, the actions decided on them, and how often they ended in deportation or
/// detention against the overall rate.
/// </summary>
public static class OutcomesByNationalityEndpoint
{
    private static string Sql(IDocumentStore store) => $"""
        select dimension, key, count from {store.Options.DatabaseSchemaName}.{StatisticsRollups.CountsView}
        where kind = '{StatisticsRollups.Totals}' and regency = '' and count <> 0
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

        var verified = new Dictionary<string, long>(StringComparer.Ordinal);
        var removedOrDetained = new Dictionary<string, long>(StringComparer.Ordinal);
        var actions = new Dictionary<string, Dictionary<ActionType, long>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var (dimension, nationality, count) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
            if (dimension == StatisticsRollups.VerifiedCases)
                verified[nationality] = count;
            else if (dimension == StatisticsRollups.RemovedOrDetainedCases)
                removedOrDetained[nationality] = count;
            else if (dimension.StartsWith(StatisticsRollups.ActionsOfVerified, StringComparison.Ordinal)
                     && Enum.TryParse<ActionType>(dimension[StatisticsRollups.ActionsOfVerified.Length..], ignoreCase: true, out var actionType))
                (actions.TryGetValue(nationality, out var byType) ? byType : actions[nationality] = [])[actionType] = count;
        }

        return verified.Select(v => new NationalityCounts(v.Key, v.Value,
            actions.TryGetValue(v.Key, out var byType) ? byType : new Dictionary<ActionType, long>(),
            removedOrDetained.GetValueOrDefault(v.Key))).ToList();
    }
}
