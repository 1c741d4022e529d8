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
        if (pointInTime is not null || atVersion is not null)
        {
            answer = await session.Events.AggregateStreamAsync<Case>(id, version: atVersion ?? 0, timestamp: pointInTime?.ToUniversalTime(),
                token: http.RequestAborted);
            if (answer is null || (atVersion is { } v && v > current.Version))
                return Problems.NotFound("The case did not exist at that point.");
        }

        http.Response.Headers.ETag = CaseWrites.ETag(answer.Version);
        return TypedResults.Ok(answer);
    }
}
