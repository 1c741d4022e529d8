using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Sightings;

public sealed record ReportAdditionalSightingRequest(
    DateTimeOffset? ObservedAt,
    LocationRequest? Location,
    SubjectRequest? Subject,
    string? Activity,
    ReportingChannel? Channel) : ISightingRequest;

public static class ReportAdditionalSightingEndpoint
{
    [WolverinePost("/api/cases/{id}/sightings", OperationId = "reportAdditionalSighting")]
    [Tags("Cases")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, ReportAdditionalSightingRequest? request, HttpContext http, IDocumentSession session, OfficeClock clock)
    {
        var now = clock.Now;
        return session.Decide(http, id, Permission.ReportSighting, Validation.Of(request, r => r.Validate(now)),
            (actor, state) => CaseDecisions.Decide(new ReportAdditionalSighting(id, request!.ToSighting(), actor), state, now),
            version => TypedResults.Ok(new CaseWritten(id, version)));
    }
}
