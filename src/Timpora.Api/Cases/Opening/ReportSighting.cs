using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Cases.Sightings;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Wolverine.Http;

namespace Timpora.Api.Cases.Opening;

/// <summary>A sighting report that opens a case; the client may choose the case id.</summary>
public sealed record ReportSightingRequest(
    Guid? Id,
    [property: Required] DateTimeOffset? ObservedAt,
    [property: Required] LocationRequest? Location,
    SubjectRequest? Subject,
    string? Activity,
    ReportingChannel? Channel) : ISightingRequest
{
    public Validated<NewCase> ToOpening(Issued issued) => Validation.Command(check =>
    {
        if (Id == Guid.Empty) check.Add("id", "A case id cannot be the empty UUID.");
        return new NewCase(Id ?? issued.NewId(), this.Read(check, issued.At));
    });
}

/// <summary>
/// A member reports a foreign national, opening a case. The client may choose the case id: a phone on a bad
/// connection then repeats the same report safely (same id and body: the first answer again, nothing appended).
/// </summary>
public static class ReportSightingEndpoint
{
    [WolverinePost("/api/cases", OperationId = "reportSighting")]
    [Tags("Cases")]
    [ProducesResponseType<CaseOpened>(StatusCodes.Status201Created)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Post(ReportSightingRequest? request, CaseWriter cases) =>
        cases.Open(request, (r, issued) => r.ToOpening(issued));
}
