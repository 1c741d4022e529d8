using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Closing;

public sealed record CloseCaseRequest(ClosureReason? Reason, string? Note)
{
    public Validation Validate() => new Validation()
        .Required("reason", Reason)
        .Text("note", Note, Validation.LongText);
}

public static class CloseCaseEndpoint
{
    [WolverinePost("/api/cases/{id}/closure", OperationId = "closeCase")]
    [Tags("Cases")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, CloseCaseRequest? request, HttpContext http, IDocumentSession session, OfficeClock clock) =>
        session.Decide(http, id, Permission.Investigate, Validation.Of(request, r => r.Validate()),
            (actor, state) => CaseDecisions.Decide(new CloseCase(id, request!.Reason!.Value, request.Note, actor), state, clock.Now),
            version => TypedResults.Ok(new CaseWritten(id, version)));
}
