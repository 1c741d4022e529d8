using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Clocks;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine;
using Wolverine.Http;

namespace Timpora.Api.Cases.Objecting;

/// <summary>The person's objection to a decision, with the time it was filed and its grounds.</summary>
public sealed record FileObjectionRequest(DateTimeOffset? FiledAt, string? Grounds)
{
    public Validation Validate() => new Validation()
        .Required("filedAt", FiledAt)
        .RequiredText("grounds", Grounds, Validation.LongText);
}

/// <summary>The objection is recorded; <c>decisionDueBy</c> is the last office day by which it must be decided.</summary>
public sealed record ObjectionRecorded(Guid Id, Guid DecisionId, long Version, DateOnly DecisionDueBy);

/// <summary>
/// Investigators and supervisors record an objection on the person's behalf: the person has no account, and the
/// objection reaches the office on paper or in person. It starts the clock of its 5 + 5 working days.
/// </summary>
public static class FileObjectionEndpoint
{
    [WolverinePost("/api/cases/{id}/actions/{decisionId}/objection", OperationId = "fileObjection")]
    [Tags("Decisions")]
    [ProducesResponseType<ObjectionRecorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Post(Guid id, Guid decisionId, FileObjectionRequest? request, HttpContext http, IDocumentSession session,
        IMessageContext messaging, OfficeClock clock, LegalCalendar calendar, LegalClockScheduler clocks)
    {
        clocks.Watch(session, messaging);
        ObjectionFiled? filed = null;
        return session.Decide(http, id, Permission.Investigate, Validation.Of(request, r => r.Validate()),
            (actor, state) =>
            {
                var decision = CaseDecisions.Decide(
                    new FileObjection(id, decisionId, request!.FiledAt!.Value, request.Grounds!.Trim(), actor), state, calendar, clock.Now);
                filed = (decision as Decision.Accepted)?.Events.OfType<ObjectionFiled>().SingleOrDefault();
                return decision;
            },
            version => TypedResults.Created($"/api/cases/{id}", new ObjectionRecorded(id, decisionId, version, filed!.DecisionDueBy)));
    }
}
