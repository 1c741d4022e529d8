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
    private static readonly KeysetOrder OldestFirst = new("reviews-pending", ["r.decided_at_utc", "r.id"], Descending: false, keys =>
        KeysetOrder.Instant(keys[0]) is { } decidedAt && Guid.TryParse(keys[1], out var id) ? [decidedAt, id] : null);

    [WolverineGet("/api/reviews/pending", OperationId = "listPendingReviews")]
    [Tags("Decisions")]
    [ProducesResponseType<Paged<PendingReview>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string? page, string? pageSize, string? cursor, HttpContext http, IDocumentStore store)
    {
        var user = CurrentUser.From(http.User);
        if (user.ActingFor(Permission.ReadProjections) is null) return Problems.Forbidden("Your role may not read the review queue.");

        var validation = new Validation();
        var request = PageRequest.Read(validation, OldestFirst.Collection, page, pageSize, cursor);
        if (!validation.IsValid) return validation.Problem();

        var serializer = store.Options.Serializer();
        var filter = CaseVisibility.Filter(user).Where("r.awaits_review");
        var pending = await IndexedPages.TryRead<PendingReview>(store, "r.data, d.case_number, r.decided_at_utc, r.id",
            $"{store.Options.Schema.For<DecisionUnderReview>()} r left join {store.Options.Schema.For<Case>()} d on d.id = (r.data ->> 'caseId')::uuid",
            filter, OldestFirst, request, reader =>
            {
                var decision = serializer.FromJson<DecisionUnderReview>(reader, 0);
                var review = PendingReview.Of(decision, reader.IsDBNull(1) ? null : reader.GetString(1));
                return (review, [KeysetOrder.Key(reader.GetFieldValue<DateTimeOffset>(2)), reader.GetGuid(3).ToString()]);
            }, http.RequestAborted);
        return pending is null ? Problems.BadCursor() : TypedResults.Ok(pending);
    }
}
