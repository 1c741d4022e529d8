using System.Globalization;

namespace Timpora.Cases;

/// <summary>One readable line per event, for the case history.</summary>
public static class EventSummaries
{
    public static string Describe(object @event) => @event switch
    {
        SightingReported e => $"Case {e.CaseNumber} opened: {Who(e.Subject)} seen in {Where(e.Location)}{Doing(e.Activity)}.",
        AdditionalSightingReported e => $"Seen again in {Where(e.Location)}{Doing(e.Activity)}.",
        CaseAssigned e => $"Assigned to investigator {e.InvestigatorId}.",
        IdentityVerified e => $"Identity verified as {e.Identity.FullName} ({e.Identity.Nationality}), {e.Permit.Type} permit: {e.Finding}"
                              + (e.OverstayDays > 0 ? $", {e.OverstayDays} days overstay" : "")
                              + (e.WatchlistHit ? ", watchlist hit" : "") + ".",
        CaseReferred e => $"Referred to {e.ToAgency}, answer due by {Date(e.DueBy)}: {Shorten(e.Reason)}",
        ReferralAnswered e => $"{e.AnsweringAgency} answered the referral: {Shorten(e.Findings)}",
        ReferralDeclined e => $"{e.DecliningAgency} declined the referral: {Shorten(e.Reason)}",
        AdministrativeActionDecided e => $"Decision {e.Type}" + (e.DecisionNumber is null ? "" : $" ({e.DecisionNumber})")
                                         + $" on {string.Join("; ", e.LegalBasis)}.",
        DecisionReviewed e => $"Decision reviewed: {e.Verdict}.",
        ObjectionFiled e => $"Objection filed on {Date(e.FiledAt)}, to be decided by {Date(e.DecisionDueBy)}: {Shorten(e.Grounds)}",
        ObjectionDecided e => e.Outcome == ObjectionOutcome.Upheld
            ? $"Objection upheld: the decision is reversed. {Shorten(e.Note)}"
            : $"Objection rejected: the decision stands. {Shorten(e.Note)}",
        ReferralOverdue e => $"The referral to {e.ToAgency} is overdue: no answer by {Date(e.DueBy)}.",
        DetentionReviewMissed e => $"Detention review missed: no new decision by {Date(e.ReviewBy)}.",
        ObjectionDecisionOverdue e => $"The objection was not decided by {Date(e.DueBy)}.",
        NoteAdded e => $"Note: {Shorten(e.Text)}",
        CaseClosed e => $"Closed: {e.Reason}" + (e.Note is null ? "." : $", {Shorten(e.Note)}"),
        CaseReopened e => $"Reopened: {Shorten(e.Reason)}",
        _ => @event.GetType().Name,
    };

    private static string Who(SubjectDescription subject) =>
        (subject.Name ?? "an unnamed person") + (subject.Nationality is null ? "" : $" ({subject.Nationality})");

    private static string Where(Location location) =>
        string.Join(", ", new[] { location.Village, location.District, location.Regency }.Where(p => !string.IsNullOrWhiteSpace(p)));

    private static string Doing(string? activity) => string.IsNullOrWhiteSpace(activity) ? "" : $", {Shorten(activity)}";

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A moment as the date and time it was written with (its offset is the office's or the filer's).</summary>
    private static string Date(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    /// <summary>Quoted text (up to 4,000 characters, with line breaks) kept to a short part of one line; the event keeps it whole.</summary>
    private static string Shorten(string text)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 120 ? line : line[..117] + "...";
    }
}
