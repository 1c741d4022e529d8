using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Closing;

public sealed record ReopenCaseRequest(string? Reason)
{
    public Validation Validate() => new Validation().RequiredText("reason", Reason, Validation.LongText);
}

public static class ReopenCaseEndpoint
{
    [WolverinePost("/api/cases/{id}/reopening", OperationId = "reopenCase")]
    [Tags("Cases")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, ReopenCaseRequest? request, HttpContext http, IDocumentSession session, OfficeClock clock) =>
        session.Decide(http, id, Permission.Investigate, Validation.Of(request, r => r.Validate()),
            (actor, state) => CaseDecisions.Decide(new ReopenCase(id, request!.Reason!.Trim(), actor), state, clock.Now),
            version => TypedResults.Ok(new CaseWritten(id, version)));
}
