using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Referring;

/// <summary>The agency answers its referral with findings, or declines it with a reason. Once.</summary>
public sealed record AnswerReferralRequest(ReferralOutcome? Outcome, string? Findings)
{
    public Validation Validate() => new Validation()
        .Required("outcome", Outcome)
        .RequiredText("findings", Findings, Validation.LongText);
}

public static class AnswerReferralEndpoint
{
    [WolverinePost("/api/cases/{id}/referrals/{referralId}/answer", OperationId = "answerReferral")]
    [Tags("Referrals")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, Guid referralId, AnswerReferralRequest? request, HttpContext http, IDocumentSession session, OfficeClock clock) =>
        session.Decide(http, id, Permission.AnswerReferral, Validation.Of(request, r => r.Validate()),
            (actor, state) => CaseDecisions.Decide(
                new AnswerReferral(id, referralId, request!.Outcome!.Value, request.Findings!.Trim(), actor), state, clock.Now),
            version => TypedResults.Ok(new CaseWritten(id, version)));
}
