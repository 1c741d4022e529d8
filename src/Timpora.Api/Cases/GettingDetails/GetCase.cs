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
    public static async Task<IResult> Get(Guid id, string? asOf, string? version, HttpContext http, IQuerySession session)
    {
        var user = CurrentUser.From(http.User);
        if (user.ActingFor(Permission.ReadCases) is null) return Problems.Forbidden("Your role may not read cases.");

        var validation = new Validation();
        DateTimeOffset? pointInTime = null;
        long? atVersion = null;
        if (asOf is not null)
        {
            if (DateTimeOffset.TryParse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) pointInTime = parsed;
            else validation.Add("asOf", "An ISO 8601 timestamp, e.g. 2025-07-09T08:30:00+08:00.");
        }

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

        http.Response.Headers.ETag = CaseWrites.ETag(answer.Version);
        return TypedResults.Ok(answer);
    }

    /// <summary>
    /// The version the case had at <paramref name="moment"/>. An event counts from the earlier of the time it carries (the
    /// time the summary shows, e.g. <c>openedAt</c>) and the time it was stored (the history's <c>at</c>, a few
    /// milliseconds later): asked as of either, the case answers as that change left it.
    /// </summary>
    private static async Task<long> VersionAt(IQuerySession session, Guid id, DateTimeOffset moment, CancellationToken cancellation)
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellation);
        return events.LastOrDefault(e => e.Timestamp <= moment || TimeCarried(e.Data) <= moment)?.Version ?? 0;
    }

    private static DateTimeOffset? TimeCarried(object @event) => @event switch
    {
        SightingReported e => e.ReportedAt,
        AdditionalSightingReported e => e.ReportedAt,
        CaseAssigned e => e.AssignedAt,
        IdentityVerified e => e.VerifiedAt,
        CaseReferred e => e.ReferredAt,
        ReferralAnswered e => e.AnsweredAt,
        ReferralDeclined e => e.DeclinedAt,
        AdministrativeActionDecided e => e.RecordedAt,
        DecisionReviewed e => e.ReviewedAt,
        NoteAdded e => e.AddedAt,
        CaseClosed e => e.ClosedAt,
        CaseReopened e => e.ReopenedAt,
        _ => null,
    };
}
