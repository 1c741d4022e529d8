namespace Timpora.Cases.Deciding;

/// <summary>
/// The deadlines the law puts on a case, and which recorded event sets each running: a referral's due date, a
/// detention's review date, and the 5 + 5 working days within which an objection is decided. Each runs out at the
/// end of its last office day (or at the review instant); its check then decides whether anything is to be recorded.
/// </summary>
public static class LegalClocks
{
    /// <summary>The role recorded on the events a clock appends: no person acted, the deadline passed.</summary>
    public const string SystemRole = "system";

    /// <summary>Who the events of a legal clock are recorded as.</summary>
    public static readonly Actor Actor = new("legal-clock", "Legal clock", Agencies.Immigration, SystemRole);

    /// <summary>
    /// The checks an event sets running. A deadline that had already passed when the event was recorded starts no
    /// clock: the record shows that at once (a due date before the time it was recorded), whereas a clock exists to
    /// notice a deadline passing while the matter waits.
    /// </summary>
    public static IReadOnlyList<LegalClockCheck> StartedBy(object @event, LegalCalendar calendar) => @event switch
    {
        CaseReferred e when calendar.EndOf(e.DueBy) is var due && due > e.ReferredAt =>
            [new CheckReferralDeadline(e.CaseId, e.ReferralId, due)],
        AdministrativeActionDecided { Type: ActionType.Detention, Detention.ReviewBy: { } reviewBy } e when reviewBy > e.RecordedAt =>
            [new CheckDetentionReview(e.CaseId, e.DecisionId, reviewBy)],
        ObjectionFiled e when calendar.EndOf(e.DecisionDueBy) is var due && due > e.RecordedAt =>
            [new CheckObjectionDecision(e.CaseId, e.DecisionId, due)],
        _ => [],
    };
}
