namespace Timpora.Cases.Tests.Given;

/// <summary>Builds a case the way the event store does: the sighting that opened it, then every later event in order.</summary>
public static class CaseHistory
{
    public static Case Given(params object[] events)
    {
        if (events.Length == 0 || events[0] is not SightingReported opened)
            throw new ArgumentException("A case's history starts with the sighting that opened it.", nameof(events));

        return Then(Case.Create(opened) with { Version = 1 }, events.Skip(1));
    }

    public static Case Then(this Case state, IEnumerable<object> events) =>
        events.Aggregate(state, (current, e) => Apply(current, e) with { Version = current.Version + 1 });

    public static Case Then(this Case state, params object[] events) => state.Then(events.AsEnumerable());

    private static Case Apply(Case state, object e) => e switch
    {
        AdditionalSightingReported x => state.Apply(x),
        CaseAssigned x => state.Apply(x),
        IdentityVerified x => state.Apply(x),
        CaseReferred x => state.Apply(x),
        ReferralAnswered x => state.Apply(x),
        ReferralDeclined x => state.Apply(x),
        AdministrativeActionDecided x => state.Apply(x),
        DecisionReviewed x => state.Apply(x),
        ObjectionFiled x => state.Apply(x),
        ObjectionDecided x => state.Apply(x),
        ReferralOverdue x => state.Apply(x),
        DetentionReviewMissed x => state.Apply(x),
        ObjectionDecisionOverdue x => state.Apply(x),
        NoteAdded x => state.Apply(x),
        CaseClosed x => state.Apply(x),
        CaseReopened x => state.Apply(x),
        SightingReported => throw new ArgumentException("Only the first event of a case opens it.", nameof(e)),
        _ => throw new ArgumentException($"{e.GetType().Name} is not an event of a case.", nameof(e)),
    };
}
