using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Objecting;

public sealed record DecideObjectionRequest([property: Required] ObjectionOutcome? Outcome, [property: Required] string? Note)
{
    public Validated<DecideObjection> ToCommand(Guid caseId, Guid decisionId, Actor by) => Validation.Command(check =>
        new DecideObjection(caseId, decisionId, check.Required("outcome", Outcome), check.RequiredText("note", Note, Validation.LongText).Trim(), by));
}

/// <summary>The objection is decided; <c>reversed</c> says whether the decision objected to no longer stands.</summary>
public sealed record ObjectionDecisionRecorded(Guid Id, Guid DecisionId, long Version, ObjectionOutcome Outcome, bool Reversed);

/// <summary>A supervisor records the outcome of an objection. Upheld, it reverses the decision; the summary links the two.</summary>
public static class DecideObjectionEndpoint
{
    [WolverinePost("/api/cases/{id}/actions/{decisionId}/objection/decision", OperationId = "decideObjection")]
    [Tags("Decisions")]
    [ProducesResponseType<ObjectionDecisionRecorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Post(Guid id, Guid decisionId, DecideObjectionRequest? request, CaseWriter cases) =>
        cases.Decide(id, request, (r, issued) => r.ToCommand(id, decisionId, issued.By), Decided);

    private static IResult Decided(Written<DecideObjection> written) => TypedResults.Ok(new ObjectionDecisionRecorded(
        written.Command.CaseId, written.Command.DecisionId, written.Version, written.Command.Outcome,
        written.Command.Outcome == ObjectionOutcome.Upheld));
}
