using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Sightings;

public sealed record ReportAdditionalSightingRequest(
    DateTimeOffset? ObservedAt,
    LocationRequest? Location,
    SubjectRequest? Subject,
    string? Activity,
    ReportingChannel? Channel) : ISightingRequest
{
    public Validated<ReportAdditionalSighting> ToCommand(Guid caseId, Actor by, DateTimeOffset now) => Validation.Command(check =>
        new ReportAdditionalSighting(caseId, this.Read(check, now), by));
}

/// <summary>The same person seen again: the sighting joins the case, and its reporter may then see it.</summary>
public static class ReportAdditionalSightingEndpoint
{
    [WolverinePost("/api/cases/{id}/sightings", OperationId = "reportAdditionalSighting")]
    [Tags("Cases")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, ReportAdditionalSightingRequest? request, CaseWriter cases, OfficeClock clock) =>
        cases.Decide(id, request, (r, by) => r.ToCommand(id, by, clock.Now));
}
