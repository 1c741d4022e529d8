using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Wolverine.Http;

namespace Timpora.Api.Cases.GettingDetails;

/// <summary>
/// The case summary, now or as it stood at a point in its history (<c>?asOf=</c> a timestamp, or
/// <c>?version=</c> a stream version), rebuilt from its events.
/// </summary>
public static class GetCaseEndpoint
{
    [WolverineGet("/api/cases/{id}", OperationId = "getCase")]
    [Tags("Cases")]
    [ProducesResponseType<Case>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, string? asOf, string? version, HttpContext http, IQuerySession session, OfficeClock clock)
    {
        var user = CurrentUser.From(http.User);
        if (user.ActingFor(Permission.ReadCases) is null) return Problems.Forbidden("Your role may not read cases.");

        var validation = new Validation();
        // As of a date: as the case stood at the end of that office day.
        var pointInTime = clock.ReadPeriod(validation, "asOf", asOf)?.Last;
        long? atVersion = null;

        if (version is not null)
        {
            if (long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0) atVersion = parsed;
            else validation.Add("version", "A positive whole number.");
        }

        if (pointInTime is not null && atVersion is not null) validation.Add("version", "Give asOf or version, not both.");
        if (!validation.IsValid) return validation.Problem();

        // Visibility is judged on the case as it is now: an agency that was referred the case later may see its past.
        var current = await session.LoadAsync<Case>(id, http.RequestAborted);
        if (current is null || !user.CanSee(current)) return Problems.NotFound();

        var answer = current;
        if (atVersion is { } v)
        {
            if (v > current.Version) return Problems.NotFound("The case did not reach that version.");
            answer = await session.Events.AggregateStreamAsync<Case>(id, version: v, token: http.RequestAborted);
        }
        else if (pointInTime is { } moment)
        {
            var then = await VersionAt(session, id, moment, http.RequestAborted);
            if (then == 0) return Problems.NotFound("The case did not exist at that point.");
            answer = await session.Events.AggregateStreamAsync<Case>(id, version: then, token: http.RequestAborted);
        }

        if (answer is null) return Problems.NotFound();

        http.Response.Headers.ETag = CaseWriter.ETag(answer.Version);
        return TypedResults.Ok(answer);
    }

    /// <summary>
    /// The version the case had at <paramref name="moment"/>. Every event counts from the earlier of the time it took effect
    /// (<see cref="ICaseEvent.EffectiveAt"/>, the time the summary shows, e.g. <c>openedAt</c>) and the time it was stored
    /// (the history's <c>at</c>, a few milliseconds later): asked as of either, the case answers as that change left it.
    /// </summary>
    private static async Task<long> VersionAt(IQuerySession session, Guid id, DateTimeOffset moment, CancellationToken cancellation)
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellation);
        return events.LastOrDefault(e => e.Timestamp <= moment || (e.Data as ICaseEvent)?.EffectiveAt <= moment)?.Version ?? 0;
    }
}
