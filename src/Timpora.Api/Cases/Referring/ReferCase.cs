using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Clocks;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases.Deciding;
using Wolverine;
using Wolverine.Http;

namespace Timpora.Api.Cases.Referring;

/// <summary>The case goes to another agency, which owes an answer by <c>dueBy</c>.</summary>
public sealed record ReferCaseRequest(string? ToAgency, string? Reason, DateOnly? DueBy)
{
    public Validation Validate() => new Validation()
        .Agency("toAgency", ToAgency)
        .RequiredText("reason", Reason, Validation.LongText)
        .Required("dueBy", DueBy);
}

public static class ReferCaseEndpoint
{
    [WolverinePost("/api/cases/{id}/referrals", OperationId = "referCase")]
    [Tags("Referrals")]
    [ProducesResponseType<ReferralMade>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(Guid id, ReferCaseRequest? request, HttpContext http, IDocumentSession session, IMessageContext messaging,
        OfficeClock clock, LegalClockScheduler clocks)
    {
        // The referral starts the clock of its due date.
        clocks.Watch(session, messaging);
        var referralId = Guid.CreateVersion7();
        return session.Decide(http, id, Permission.Investigate, Validation.Of(request, r => r.Validate()),
            (actor, state) => CaseDecisions.Decide(
                new ReferCase(id, referralId, request!.ToAgency!, request.Reason!.Trim(), request.DueBy!.Value, actor), state, clock.Now),
            version => TypedResults.Created($"/api/cases/{id}", new ReferralMade(id, referralId, version)));
    }
}
