using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Cases.Sightings;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Opening;

/// <summary>
/// A member reports a foreign national, opening a case. The client may choose the case id: a phone on a bad
/// connection then repeats the same report safely (same id and body: the first answer again, nothing appended).
/// </summary>
public sealed record ReportSightingRequest(
    Guid? Id,
    DateTimeOffset? ObservedAt,
    LocationRequest? Location,
    SubjectRequest? Subject,
    string? Activity,
    ReportingChannel? Channel) : ISightingRequest;

public static class ReportSightingEndpoint
{
    [WolverinePost("/api/cases", OperationId = "reportSighting")]
    [Tags("Cases")]
    [ProducesResponseType<CaseOpened>(StatusCodes.Status201Created)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(
        ReportSightingRequest? request, HttpContext http, IDocumentSession session, CaseNumberAllocator caseNumbers, OfficeClock clock)
    {
        if (CurrentUser.From(http.User).ActingFor(Permission.ReportSighting) is not { } actor)
            return Problems.Forbidden("Auditors do not report sightings.");
        if (request is null)
            return new Validation().Add("body", "A sighting report is required.").Problem();

        var now = clock.Now;
        var validation = request.Validate(now);
        if (request.Id == Guid.Empty) validation.Add("id", "A case id cannot be the empty UUID.");
        if (!validation.IsValid) return validation.Problem();
        if (!Idempotency.TryRead(http, actor.UserId, out var idempotent))
            return Problems.Validation(Idempotency.Malformed);
        if (idempotent is not null && await idempotent.FirstAnswerAsync(session, http.RequestAborted) is { } first)
            return first;

        var caseId = request.Id ?? Guid.CreateVersion7();
        var sighting = request.ToSighting();

        var caseNumber = await caseNumbers.NextAsync(sighting.Location.Regency, now.Year, http.RequestAborted);
        var command = new ReportSighting(caseId, caseNumber, sighting, actor);
        if (CaseDecisions.Decide(command, now) is not Decision.Accepted accepted)
            throw new InvalidOperationException("Reporting a sighting is never refused once the report is valid.");

        session.RecordActor(actor, CorrelationId.Of(http));
        session.Events.StartStream<Case>(caseId, accepted.Events);
        var reply = await session.AnswerOnce(http, idempotent, Opened(http, caseId, caseNumber), CaseWrites.ETag(1));
        try
        {
            await session.SaveChangesAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is ExistingStreamIdCollisionException || Idempotency.IsDuplicateKey(e))
        {
            // A case with this id exists: the report is a repeat (sent again, or twice at once) or another report with
            // the same id. Looking only now, rather than before every append, keeps a first report to one round trip
            // and a commit. Nothing was stored, so the number goes back for the next opening.
            await caseNumbers.GiveBackAsync(caseNumber, sighting.Location.Regency, now.Year);
            if (idempotent is not null && await idempotent.FirstAnswerAsync(session, http.RequestAborted) is { } stored)
                return stored;
            return await AnswerRepeat(session, caseId, sighting, actor, http)
                   ?? Problems.Conflict("A case with this id already exists.");
        }

        return reply;
    }

    /// <summary>Null when no case has this id yet; else the first answer again, or a 409 when the body differs.</summary>
    private static async Task<IResult?> AnswerRepeat(IDocumentSession session, Guid caseId, Sighting sighting, Actor actor, HttpContext http)
    {
        var events = await session.Events.FetchStreamAsync(caseId, version: 1, token: http.RequestAborted);
        if (events.Count == 0) return null;

        return events[0].Data is SightingReported original && new ReportSighting(caseId, original.CaseNumber, sighting, actor).Repeats(original)
            ? Opened(http, caseId, original.CaseNumber)
            : Problems.Conflict("A case with this id already exists with another report.");
    }

    private static IResult Opened(HttpContext http, Guid caseId, string caseNumber)
    {
        http.Response.Headers.ETag = CaseWrites.ETag(1);
        return TypedResults.Created($"/api/cases/{caseId}", new CaseOpened(caseId, caseNumber, 1));
    }
}
