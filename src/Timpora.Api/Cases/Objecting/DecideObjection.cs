using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Objecting;

public sealed record DecideObjectionRequest(ObjectionOutcome? Outcome, string? Note)
{
    public Validation Validate() => new Validation()
        .Required("outcome", Outcome)
        .RequiredText("note", Note, Validation.LongText);
}

/// <summary>The objection is decided; <c>reversed</c> says whether the decision objected to no longer stands.</summary>
public sealed record ObjectionDecisionRecorded(Guid Id, Guid DecisionId, long Version, ObjectionOutcome Outcome, bool Reversed);

/// <summary>A supervisor records the outcome of an objection. Upheld, it reverses the decision; the summary links the two.</summary>
public static class DecideObjectionEndpoint
{
    /// <summary>
    /// The role table has no row for deciding objections; assigning investigators is the permission held by supervisors
    /// alone, which is exactly who decides them, so the role is refused (403) before any case is looked up.
    /// </summary>
    private const Permission SupervisorsOnly = Permission.AssignInvestigator;

    [WolverinePost("/api/cases/{id}/actions/{decisionId}/objection/decision", OperationId = "decideObjection")]
    [Tags("Decisions")]
    [ProducesResponseType<ObjectionDecisionRecorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Post(Guid id, Guid decisionId, DecideObjectionRequest? request, HttpContext http, IDocumentSession session,
        OfficeClock clock) =>
        session.Decide(http, id, SupervisorsOnly, Validation.Of(request, r => r.Validate()),
            (actor, state) => CaseDecisions.Decide(new DecideObjection(id, decisionId, request!.Outcome!.Value, request.Note!.Trim(), actor), state, clock.Now),
            version => TypedResults.Ok(new ObjectionDecisionRecorded(id, decisionId, version, request!.Outcome!.Value,
                request.Outcome == ObjectionOutcome.Upheld)));
}
