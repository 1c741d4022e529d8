using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Referring;

/// <summary>The case goes to another agency, which owes an answer by <c>dueBy</c>.</summary>
public sealed record ReferCaseRequest([property: Required] string? ToAgency, [property: Required] string? Reason, [property: Required] DateOnly? DueBy)
{
    public Validated<ReferCase> ToCommand(Guid caseId, Issued issued) => Validation.Command(check =>
        new ReferCase(caseId, issued.NewId(), check.Agency("toAgency", ToAgency),
            check.RequiredText("reason", Reason, Validation.LongText).Trim(), check.Required("dueBy", DueBy), issued.By));
}

/// <summary>The referral starts the legal clock of its due date.</summary>
public static class ReferCaseEndpoint
{
    [WolverinePost("/api/cases/{id}/referrals", OperationId = "referCase")]
    [Tags("Referrals")]
    [ProducesResponseType<ReferralMade>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(Guid id, ReferCaseRequest? request, CaseWriter cases) =>
        cases.Decide(id, request, (r, issued) => r.ToCommand(id, issued), Referred);

    private static IResult Referred(Written<ReferCase> written) =>
        TypedResults.Created($"/api/cases/{written.Command.CaseId}",
            new ReferralMade(written.Command.CaseId, written.Command.ReferralId, written.Version));
}
