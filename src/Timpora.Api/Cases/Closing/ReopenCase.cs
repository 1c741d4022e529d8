using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Closing;

public sealed record ReopenCaseRequest([property: Required] string? Reason)
{
    public Validated<ReopenCase> ToCommand(Guid caseId, Actor by) => Validation.Command(check =>
        new ReopenCase(caseId, check.RequiredText("reason", Reason, Validation.LongText).Trim(), by));
}

/// <summary>A closed case goes back to work, to the status its events before the closure gave it.</summary>
public static class ReopenCaseEndpoint
{
    [WolverinePost("/api/cases/{id}/reopening", OperationId = "reopenCase")]
    [Tags("Cases")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, ReopenCaseRequest? request, CaseWriter cases) =>
        cases.Decide(id, request, (r, issued) => r.ToCommand(id, issued.By));
}
