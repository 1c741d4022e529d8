using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Reviews;
using Wolverine.Http;

namespace Timpora.Api.Reviews;

/// <summary>
/// A decision awaiting review. <c>covered</c>, <c>notCovered</c> and <c>notApplicable</c> split the ten review criteria by
/// what the decision's record evidences; <c>objection</c>, <c>reversed</c> and <c>detentionReviewMissed</c> are what
/// happened to it since, including what the legal clocks recorded.
/// </summary>
public sealed record PendingReview(Guid CaseId, string? CaseNumber, Guid DecisionId, ActionType Type, DateTimeOffset DecidedAt, string DecidedBy,
    ReviewVerdict? LastVerdict, IReadOnlyList<string> Covered, IReadOnlyList<string> NotCovered, IReadOnlyList<string> NotApplicable,
    ObjectionUnderReview? Objection, bool Reversed, bool DetentionReviewMissed)
{
    public static PendingReview Of(DecisionUnderReview decision, string? caseNumber)
    {
        var coverage = decision.Coverage();
        return new PendingReview(decision.CaseId, caseNumber, decision.Id, decision.Type, decision.DecidedAt, decision.DecidedBy,
            decision.LastVerdict, coverage.Covered, coverage.NotCovered, coverage.NotApplicable, decision.Objection, decision.Reversed,
            decision.DetentionReviewMissed);
    }
}

/// <summary>Decisions no auditor has reviewed yet, or whose last review asked for more information; oldest first.</summary>
public static class PendingReviewsEndpoint
{
    [WolverineGet("/api/reviews/pending", OperationId = "listPendingReviews")]
    [Tags("Decisions")]
    [ProducesResponseType<IReadOnlyList<PendingReview>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(HttpContext http, IQuerySession session)
    {
        var user = CurrentUser.From(http.User);
        if (user.ActingFor(Permission.ReadProjections) is null) return Problems.Forbidden("Your role may not read the review queue.");

        var decisions = await session.Query<DecisionUnderReview>()
            .Where(d => d.LastVerdict == null || d.LastVerdict == ReviewVerdict.NeedsInformation)
            .OrderBy(d => d.DecidedAt)
            .ToListAsync(http.RequestAborted);
        var cases = await session.LoadManyAsync<Case>(http.RequestAborted, decisions.Select(d => d.CaseId).Distinct());
        var numbers = cases.Where(user.CanSee).ToDictionary(c => c.Id, c => c.CaseNumber);
        return TypedResults.Ok(decisions.Where(d => numbers.ContainsKey(d.CaseId)).Select(d =>
            PendingReview.Of(d, numbers.GetValueOrDefault(d.CaseId))).ToList());
    }
}
