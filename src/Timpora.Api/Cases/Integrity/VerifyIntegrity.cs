using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Integrity;
using Wolverine.Http;

namespace Timpora.Api.Cases.Integrity;

public sealed record IntegrityAnswer(bool Valid, int Events, string? HeadHash, long? FirstInvalidVersion, string? Problem);

/// <summary>
/// Re-verifies a case's sealed history against the database as it is now. <c>headHash</c> is the seal of the
/// last event: kept outside the system (a report, a letter), it also proves that no event was cut off the end.
/// </summary>
public static class VerifyIntegrityEndpoint
{
    [WolverineGet("/api/cases/{id}/integrity", OperationId = "verifyCaseIntegrity")]
    [Tags("Cases")]
    [EndpointSummary("Re-verify the sealed history of a case")]
    [ProducesResponseType<IntegrityAnswer>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session, IntegrityVerifier verifier)
    {
        var user = CurrentUser.From(http.User);
        if (user.ActingFor(Permission.ReadProjections) is null)
            return Problems.Forbidden("Investigators, supervisors and auditors verify a case's history.");

        // The summary may itself have been tampered with or removed; only those who see every case may then verify.
        var summary = await session.LoadAsync<Case>(id, http.RequestAborted);
        if (summary is null ? !user.SeesEveryCase : !user.CanSee(summary)) return Problems.NotFound();

        var report = await verifier.VerifyAsync(id, http.RequestAborted);
        return report is null
            ? Problems.NotFound()
            : TypedResults.Ok(new IntegrityAnswer(report.Valid, report.Events, report.HeadHash, report.FirstInvalidVersion, report.Problem));
    }
}
