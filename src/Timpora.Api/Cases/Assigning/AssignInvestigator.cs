using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Assigning;

public sealed record AssignInvestigatorRequest(string? InvestigatorId)
{
    public Validation Validate() => new Validation().RequiredText("investigatorId", InvestigatorId);
}

public static class AssignInvestigatorEndpoint
{
    [WolverinePost("/api/cases/{id}/assignment", OperationId = "assignInvestigator")]
    [Tags("Cases")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, AssignInvestigatorRequest? request, HttpContext http, IDocumentSession session, OfficeClock clock) =>
        session.Decide(http, id, Permission.AssignInvestigator, Validation.Of(request, r => r.Validate()),
            (actor, state) => CaseDecisions.Decide(new AssignInvestigator(id, request!.InvestigatorId!.Trim(), actor), state, clock.Now),
            version => TypedResults.Ok(new CaseWritten(id, version)));
}
