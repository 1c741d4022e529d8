using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Referring;

/// <summary>The agency answers its referral with findings, or declines it with a reason. Once.</summary>
public sealed record AnswerReferralRequest([property: Required] ReferralOutcome? Outcome, [property: Required] string? Findings)
{
    public Validated<AnswerReferral> ToCommand(Guid caseId, Guid referralId, Actor by) => Validation.Command(check =>
        new AnswerReferral(caseId, referralId, check.Required("outcome", Outcome),
            check.RequiredText("findings", Findings, Validation.LongText).Trim(), by));
}

public static class AnswerReferralEndpoint
{
    [WolverinePost("/api/cases/{id}/referrals/{referralId}/answer", OperationId = "answerReferral")]
    [Tags("Referrals")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, Guid referralId, AnswerReferralRequest? request, CaseWriter cases) =>
        cases.Decide(id, request, (r, issued) => r.ToCommand(id, referralId, issued.By));
}
