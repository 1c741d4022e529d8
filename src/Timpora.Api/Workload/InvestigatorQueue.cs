using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Wolverine.Http;

namespace Timpora.Api.Workload;

public sealed record QueuedCase(Guid CaseId, string CaseNumber, CaseStatus Status);

public sealed record InvestigatorQueue(string UserId, IReadOnlyList<QueuedCase> OpenCases);

/// <summary>
/// The open cases assigned to an investigator. Served from the case summaries, which are written in the same
/// transaction as the events: an assignment shows here at once.
/// </summary>
public static class InvestigatorQueueEndpoint
{
    [WolverineGet("/api/workload/investigators/{userId}", OperationId = "getInvestigatorQueue")]
    [Tags("Workload")]
    [ProducesResponseType<InvestigatorQueue>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string userId, HttpContext http, IQuerySession session)
    {
        var user = CurrentUser.From(http.User);
        if (user.ActingFor(Permission.ReadProjections) is null) return Problems.Forbidden("Your role may not read investigators' queues.");

        var cases = await session.Query<Case>()
            .Where(c => c.AssignedTo == userId && c.Closure == null)
            .OrderBy(c => c.OpenedAt)
            .ToListAsync(http.RequestAborted);
        return TypedResults.Ok(new InvestigatorQueue(userId, cases.Where(user.CanSee).Select(c => new QueuedCase(c.Id, c.CaseNumber, c.Status)).ToList()));
    }
}
