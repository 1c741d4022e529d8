using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Projections;
using Wolverine.Http;

namespace Timpora.Api.Reviews;

public sealed record PendingReview(Guid CaseId, string? CaseNumber, Guid DecisionId, ActionType Type, DateTimeOffset DecidedAt, string DecidedBy,
    ReviewVerdict? LastVerdict);

/// <summary>Decisions no auditor has reviewed yet, or whose last review asked for more information; oldest first.</summary>
public static class PendingReviewsEndpoint
{
    [WolverineGet("/api/reviews/pending", OperationId = "listPendingReviews")]
    [Tags("Decisions")]
    [ProducesResponseType<IReadOnlyList<PendingReview>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(HttpContext http, IQuerySession session)
    {
        if (CurrentUser.From(http.User).ActingFor(Permission.ReadProjections) is null)
            return Problems.Forbidden("Your role may not read the review queue.");

        var decisions = await session.Query<DecisionUnderReview>()
            .Where(d => d.LastVerdict == null || d.LastVerdict == ReviewVerdict.NeedsInformation)
            .OrderBy(d => d.DecidedAt)
            .ToListAsync(http.RequestAborted);
        var cases = await session.LoadManyAsync<Case>(http.RequestAborted, decisions.Select(d => d.CaseId).Distinct());
        var numbers = cases.ToDictionary(c => c.Id, c => c.CaseNumber);
        return TypedResults.Ok(decisions.Select(d =>
            new PendingReview(d.CaseId, numbers.GetValueOrDefault(d.CaseId), d.Id, d.Type, d.DecidedAt, d.DecidedBy, d.LastVerdict)).ToList());
    }
}
