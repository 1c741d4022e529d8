using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Wolverine.Http;

namespace Timpora.Api.Cases.History;

public sealed record HistoryActor(string? UserId, string? Name, string? Agency, string? Role);

public sealed record HistoryEntry(
    long Sequence,
    long Version,
    string Type,
    DateTimeOffset At,
    HistoryActor Actor,
    string? CorrelationId,
    string Summary,
    object Data);

/// <summary>Every event of a case, oldest first, with who did it, in which request, and a readable line.</summary>
public static class GetHistoryEndpoint
{
    [WolverineGet("/api/cases/{id}/history", OperationId = "getCaseHistory")]
    [Tags("Cases")]
    [ProducesResponseType<IReadOnlyList<HistoryEntry>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session)
    {
        var user = CurrentUser.From(http.User);
        if (user.ActingFor(Permission.ReadCases) is null) return Problems.Forbidden("Your role may not read cases.");

        var current = await session.LoadAsync<Case>(id, http.RequestAborted);
        if (current is null || !user.CanSee(current)) return Problems.NotFound();

        var events = await session.Events.FetchStreamAsync(id, token: http.RequestAborted);
        return TypedResults.Ok(events.Select(e => new HistoryEntry(
            e.Sequence,
            e.Version,
            e.EventType.Name,
            e.Timestamp,
            new HistoryActor(Header(e.Headers, CasesStore.Headers.UserId), Header(e.Headers, CasesStore.Headers.Name),
                Header(e.Headers, CasesStore.Headers.Agency), Header(e.Headers, CasesStore.Headers.Role)),
            e.CorrelationId,
            (e.Data as ICaseEvent)?.Summary ?? e.EventType.Name,
            e.Data)).ToList());
    }

    private static string? Header(Dictionary<string, object>? headers, string key) =>
        headers is not null && headers.TryGetValue(key, out var value) ? value?.ToString() : null;
}
