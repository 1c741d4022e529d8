using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Assigning;

public sealed record AssignInvestigatorRequest([property: Required] string? InvestigatorId)
{
    public Validated<AssignInvestigator> ToCommand(Guid caseId, Actor by) => Validation.Command(check =>
        new AssignInvestigator(caseId, check.RequiredText("investigatorId", InvestigatorId).Trim(), by));
}

/// <summary>A supervisor gives the case to an investigator, whose queue it then joins.</summary>
public static class AssignInvestigatorEndpoint
{
    [WolverinePost("/api/cases/{id}/assignment", OperationId = "assignInvestigator")]
    [Tags("Cases")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, AssignInvestigatorRequest? request, CaseWriter cases) =>
        cases.Decide(id, request, (r, issued) => r.ToCommand(id, issued.By));
}
