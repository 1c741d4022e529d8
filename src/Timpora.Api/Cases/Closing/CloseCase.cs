using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Closing;

public sealed record CloseCaseRequest([property: Required] ClosureReason? Reason, string? Note)
{
    public Validated<CloseCase> ToCommand(Guid caseId, Actor by) => Validation.Command(check =>
        new CloseCase(caseId, check.Required("reason", Reason), check.Text("note", Note, Validation.LongText), by));
}

/// <summary>The case ends; its open referrals are withdrawn with it.</summary>
public static class CloseCaseEndpoint
{
    [WolverinePost("/api/cases/{id}/closure", OperationId = "closeCase")]
    [Tags("Cases")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, CloseCaseRequest? request, CaseWriter cases) =>
        cases.Decide(id, request, (r, issued) => r.ToCommand(id, issued.By));
}
