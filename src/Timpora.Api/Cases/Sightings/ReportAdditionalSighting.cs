using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Sightings;

public sealed record ReportAdditionalSightingRequest(
    [property: Required] DateTimeOffset? ObservedAt,
    [property: Required] LocationRequest? Location,
    SubjectRequest? Subject,
    string? Activity,
    ReportingChannel? Channel) : ISightingRequest
{
    public Validated<ReportAdditionalSighting> ToCommand(Guid caseId, Issued issued) => Validation.Command(check =>
        new ReportAdditionalSighting(caseId, this.Read(check, issued.At), issued.By));
}

/// <summary>The same person seen again: the sighting joins the case, and its reporter may then see it.</summary>
public static class ReportAdditionalSightingEndpoint
{
    [WolverinePost("/api/cases/{id}/sightings", OperationId = "reportAdditionalSighting")]
    [Tags("Cases")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, ReportAdditionalSightingRequest? request, CaseWriter cases) =>
        cases.Decide(id, request, (r, issued) => r.ToCommand(id, issued));
}
