using Marten.Events.Projections;

namespace Timpora.Cases.Projections;

/// <summary>
/// A decision as the auditors' queue sees it. It waits for review while it has no review, or while its last
/// verdict asks for more information.
/// </summary>
public sealed record DecisionUnderReview
{
    public Guid Id { get; init; }
    public Guid CaseId { get; init; }
    public ActionType Type { get; init; }
    public DateTimeOffset DecidedAt { get; init; }
    public string DecidedBy { get; init; } = "";
    public ReviewVerdict? LastVerdict { get; init; }

    public bool AwaitsReview => LastVerdict is null or ReviewVerdict.NeedsInformation;
}

public sealed partial class ReviewQueueProjection : MultiStreamProjection<DecisionUnderReview, Guid>
{
    public ReviewQueueProjection()
    {
        Identity<AdministrativeActionDecided>(e => e.DecisionId);
        Identity<DecisionReviewed>(e => e.DecisionId);
    }

    public DecisionUnderReview Create(AdministrativeActionDecided e) => new()
    {
        Id = e.DecisionId,
        CaseId = e.CaseId,
        Type = e.Type,
        DecidedAt = e.DecidedAt,
        DecidedBy = e.DecidedBy,
    };

    public DecisionUnderReview Apply(DecisionReviewed e, DecisionUnderReview decision) =>
        decision with { LastVerdict = e.Verdict };
}
