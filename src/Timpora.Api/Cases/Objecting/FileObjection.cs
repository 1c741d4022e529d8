using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Objecting;

/// <summary>The person's objection to a decision, with the time it was filed and its grounds.</summary>
public sealed record FileObjectionRequest([property: Required] DateTimeOffset? FiledAt, [property: Required] string? Grounds)
{
    public Validated<FileObjection> ToCommand(Guid caseId, Guid decisionId, Actor by) => Validation.Command(check =>
        new FileObjection(caseId, decisionId, check.Required("filedAt", FiledAt), check.RequiredText("grounds", Grounds, Validation.LongText).Trim(), by));
}

/// <summary>The objection is recorded; <c>decisionDueBy</c> is the last office day by which it must be decided.</summary>
public sealed record ObjectionRecorded(Guid Id, Guid DecisionId, long Version, DateOnly DecisionDueBy);

/// <summary>
/// Investigators and supervisors record an objection on the person's behalf: the person has no account, and the
/// objection reaches the office on paper or in person. It starts the legal clock of its 5 + 5 working days.
/// </summary>
public static class FileObjectionEndpoint
{
    [WolverinePost("/api/cases/{id}/actions/{decisionId}/objection", OperationId = "fileObjection")]
    [Tags("Decisions")]
    [ProducesResponseType<ObjectionRecorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Post(Guid id, Guid decisionId, FileObjectionRequest? request, CaseWriter cases) =>
        cases.Decide(id, request, (r, issued) => r.ToCommand(id, decisionId, issued.By), Filed);

    private static IResult Filed(Written<FileObjection> written) => TypedResults.Created($"/api/cases/{written.Command.CaseId}",
        new ObjectionRecorded(written.Command.CaseId, written.Command.DecisionId, written.Version,
            written.Events.OfType<ObjectionFiled>().Single().DecisionDueBy));
}
