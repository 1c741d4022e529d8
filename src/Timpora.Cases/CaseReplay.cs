namespace Timpora.Cases;

/// <summary>
/// Folds events into a <see cref="Case"/> outside the event store: for taking several decisions in a row
/// before anything is appended (bulk loading). The event store folds with the same Create/Apply methods.
/// </summary>
public static class CaseReplay
{
    public static Case Apply(Case? state, IEnumerable<object> events) => events.Aggregate(state, Apply)!;

    public static Case Apply(Case? state, object @event) => (state, @event) switch
    {
        (null, SightingReported e) => Case.Create(e),
        (null, _) => throw new InvalidOperationException($"A case starts with {nameof(SightingReported)}, not {@event.GetType().Name}."),
        (_, AdditionalSightingReported e) => state.Apply(e),
        (_, CaseAssigned e) => state.Apply(e),
        (_, IdentityVerified e) => state.Apply(e),
        (_, CaseReferred e) => state.Apply(e),
        (_, ReferralAnswered e) => state.Apply(e),
        (_, ReferralDeclined e) => state.Apply(e),
        (_, AdministrativeActionDecided e) => state.Apply(e),
        (_, DecisionReviewed e) => state.Apply(e),
        (_, ObjectionFiled e) => state.Apply(e),
        (_, ObjectionDecided e) => state.Apply(e),
        (_, ReferralOverdue e) => state.Apply(e),
        (_, DetentionReviewMissed e) => state.Apply(e),
        (_, ObjectionDecisionOverdue e) => state.Apply(e),
        (_, NoteAdded e) => state.Apply(e),
        (_, CaseClosed e) => state.Apply(e),
        (_, CaseReopened e) => state.Apply(e),
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Not a case event."),
    };
}
