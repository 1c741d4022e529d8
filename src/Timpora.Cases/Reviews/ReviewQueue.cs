using System.Text.Json.Serialization;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace Timpora.Cases.Reviews;

/// <summary>
/// A decision as the auditors' queue sees it. It waits for review while it has no review, or while its last
/// verdict asks for more information. It keeps the decision's evidence, and what happened to the decision since
/// (an objection, a reversal, a missed detention review), so the criteria it covers can be judged when it is read.
/// </summary>
public sealed record DecisionUnderReview
{
    public Guid Id { get; init; }
    public Guid CaseId { get; init; }
    public ActionType Type { get; init; }
    public DateTimeOffset DecidedAt { get; init; }
    public string DecidedBy { get; init; } = "";
    public ReviewVerdict? LastVerdict { get; init; }

    /// <summary>Null only in a view built before the evidence was kept: rebuilding the projection fills it.</summary>
    public DecisionEvidence? Evidence { get; init; }

    public ObjectionUnderReview? Objection { get; init; }
    public bool Reversed { get; init; }
    public bool DetentionReviewMissed { get; init; }

    public bool AwaitsReview => LastVerdict is null or ReviewVerdict.NeedsInformation;

    [JsonIgnore]
    public DateTimeOffset DecidedAtUtc => DecidedAt.ToUniversalTime();

    public CriteriaCoverage Coverage() => Evidence is null
        ? new CriteriaCoverage([], ReviewCriteria.All, [])
        : ReviewEvidence.Assess(Evidence, Objection?.Outcome, DetentionReviewMissed);
}

public sealed record ObjectionUnderReview(DateTimeOffset FiledAt, DateOnly Deadline, ObjectionStatus Outcome, bool Overdue);

public sealed partial class ReviewQueueProjection : MultiStreamProjection<DecisionUnderReview, Guid>
{
    public ReviewQueueProjection()
    {
        Identity<AdministrativeActionDecided>(e => e.DecisionId);
        Identity<DecisionReviewed>(e => e.DecisionId);
        Identity<ObjectionFiled>(e => e.DecisionId);
        Identity<ObjectionDecided>(e => e.DecisionId);
        Identity<DetentionReviewMissed>(e => e.DecisionId);
        Identity<ObjectionDecisionOverdue>(e => e.DecisionId);
    }

    public DecisionUnderReview Create(AdministrativeActionDecided e) => new()
    {
        Id = e.DecisionId,
        CaseId = e.CaseId,
        Type = e.Type,
        DecidedAt = e.DecidedAt,
        DecidedBy = e.DecidedBy,
        Evidence = DecisionEvidence.Of(e),
    };

    public DecisionUnderReview Apply(DecisionReviewed e, DecisionUnderReview decision) =>
        decision with { LastVerdict = e.Verdict };

    public DecisionUnderReview Apply(ObjectionFiled e, DecisionUnderReview decision) =>
        decision with { Objection = new ObjectionUnderReview(e.FiledAt, e.DecisionDueBy, ObjectionStatus.Pending, false) };

    // An objection's later events always follow its filing in the case's stream; the guards only keep the daemon
    // running should a view be built from a partial history.
    public DecisionUnderReview Apply(ObjectionDecided e, DecisionUnderReview decision) => decision with
    {
        Objection = decision.Objection is { } objection
            ? objection with { Outcome = e.Outcome == ObjectionOutcome.Upheld ? ObjectionStatus.Upheld : ObjectionStatus.Rejected }
            : null,
        Reversed = decision.Reversed || e.Outcome == ObjectionOutcome.Upheld,
    };

    public DecisionUnderReview Apply(DetentionReviewMissed e, DecisionUnderReview decision) =>
        decision with { DetentionReviewMissed = true };

    public DecisionUnderReview Apply(ObjectionDecisionOverdue e, DecisionUnderReview decision) =>
        decision with { Objection = decision.Objection is { } objection ? objection with { Overdue = true } : null };
}

public static class ReviewQueueStore
{
    /// <summary>
    /// The queue is the decisions that await review, oldest first: a partial index holds only those, so reading a page
    /// costs the same however many decisions were ever reviewed.
    /// </summary>
    public static StoreOptions ConfigureReviewQueue(this StoreOptions options)
    {
        options.Projections.Add<ReviewQueueProjection>(ProjectionLifecycle.Async);
        options.Schema.For<DecisionUnderReview>()
            .Duplicate(d => d.DecidedAtUtc, pgType: "timestamptz", configure: index =>
            {
                index.Predicate = "awaits_review";
                index.Name = "mt_doc_decisionunderreview_idx_awaiting";
            })
            .Duplicate(d => d.AwaitsReview, configure: index => index.Name = "mt_doc_decisionunderreview_idx_awaits_review");
        return options;
    }
}
