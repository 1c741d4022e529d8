namespace Timpora.Cases.Deciding;

/// <summary>
/// The deadlines the law puts on a case: a referral's due date, a detention's review date, and the 5 + 5 working days
/// within which an objection is decided. The decision that records the referral, the detention or the objection starts
/// the clock; each runs out at the end of its last office day (or at the review instant), and its check then decides
/// whether anything is to be recorded.
/// </summary>
public static class LegalClocks
{
    /// <summary>The role recorded on the events a clock appends: no person acted, the deadline passed.</summary>
    public const string SystemRole = "system";

    /// <summary>Who the events of a legal clock are recorded as.</summary>
    public static readonly Actor Actor = new("legal-clock", "Legal clock", Agencies.Immigration, SystemRole);

    /// <summary>
    /// The clock to start for <paramref name="check"/>, if any. A deadline that had already passed when its event was
    /// recorded starts none: the record shows that at once (a due date before the time it was recorded), whereas a clock
    /// exists to notice a deadline passing while the matter waits.
    /// </summary>
    public static IEnumerable<LegalClockCheck> Start(LegalClockCheck check, DateTimeOffset recordedAt) =>
        check.DueAt > recordedAt ? [check] : [];
}
