using static Timpora.Cases.EventText;

namespace Timpora.Cases;

// Stored events are never renamed or reshaped: a change of meaning is a new event, a new field is optional.
// Every event names its case and carries its own time; who did it is also recorded as event headers.
// What an event says about itself (its line in the history, the time from which it counts) is written beside it,
// as explicit interface members, so it never becomes part of the stored JSON.

/// <summary>
/// An event of a case's stream. The event store registers every type that implements this, and the <see cref="Case"/>
/// aggregate folds each of them with its own <c>Apply</c> (a test checks that none is missing).
/// </summary>
public interface ICaseEvent
{
    Guid CaseId { get; }

    /// <summary>
    /// When the change took effect, as the event records it: the time the summary shows for it (e.g. <c>openedAt</c>,
    /// <c>verifiedAt</c>, an objection's <c>filedAt</c>). Time travel counts an event from the earlier of this and the
    /// time it was stored.
    /// </summary>
    DateTimeOffset EffectiveAt { get; }

    /// <summary>One readable line for the case history.</summary>
    string Summary { get; }
}

public sealed record SightingReported(
    Guid CaseId,
    string CaseNumber,
    DateTimeOffset ObservedAt,
    Location Location,
    SubjectDescription Subject,
    string? Activity,
    ReportingChannel? Channel,
    DateTimeOffset ReportedAt,
    string ReportedBy) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => ReportedAt;

    string ICaseEvent.Summary => $"Case {CaseNumber} opened: {Who(Subject)} seen in {Where(Location)}{Doing(Activity)}.";
}

public sealed record AdditionalSightingReported(
    Guid CaseId,
    DateTimeOffset ObservedAt,
    Location Location,
    SubjectDescription Subject,
    string? Activity,
    ReportingChannel? Channel,
    DateTimeOffset ReportedAt,
    string ReportedBy) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => ReportedAt;

    string ICaseEvent.Summary => $"Seen again in {Where(Location)}{Doing(Activity)}.";
}

public sealed record CaseAssigned(
    Guid CaseId,
    string InvestigatorId,
    DateTimeOffset AssignedAt,
    string AssignedBy) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => AssignedAt;

    string ICaseEvent.Summary => $"Assigned to investigator {InvestigatorId}.";
}

public sealed record IdentityVerified(
    Guid CaseId,
    VerifiedIdentity Identity,
    StayPermit Permit,
    VerificationFinding Finding,
    int OverstayDays,
    bool WatchlistHit,
    string? Notes,
    DateTimeOffset VerifiedAt,
    string VerifiedBy) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => VerifiedAt;

    string ICaseEvent.Summary => $"Identity verified as {Identity.FullName} ({Identity.Nationality}), {Permit.Type} permit: {Finding}"
        + (OverstayDays > 0 ? $", {OverstayDays} days overstay" : "")
        + (WatchlistHit ? ", watchlist hit" : "") + ".";
}

public sealed record CaseReferred(
    Guid CaseId,
    Guid ReferralId,
    string ToAgency,
    string Reason,
    DateOnly DueBy,
    DateTimeOffset ReferredAt,
    string ReferredBy) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => ReferredAt;

    string ICaseEvent.Summary => $"Referred to {ToAgency}, answer due by {Date(DueBy)}: {Shorten(Reason)}";
}

public sealed record ReferralAnswered(
    Guid CaseId,
    Guid ReferralId,
    string Findings,
    DateTimeOffset AnsweredAt,
    string AnsweredBy,
    string AnsweringAgency) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => AnsweredAt;

    string ICaseEvent.Summary => $"{AnsweringAgency} answered the referral: {Shorten(Findings)}";
}

public sealed record ReferralDeclined(
    Guid CaseId,
    Guid ReferralId,
    string Reason,
    DateTimeOffset DeclinedAt,
    string DeclinedBy,
    string DecliningAgency) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => DeclinedAt;

    string ICaseEvent.Summary => $"{DecliningAgency} declined the referral: {Shorten(Reason)}";
}

/// <summary>The case was closed while the referral was open: the agency no longer owes an answer, and a reopening does not revive it.</summary>
public sealed record ReferralWithdrawn(
    Guid CaseId,
    Guid ReferralId,
    string ToAgency,
    DateTimeOffset WithdrawnAt,
    string WithdrawnBy) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => WithdrawnAt;

    string ICaseEvent.Summary => $"The referral to {ToAgency} was withdrawn with the closure of the case.";
}

public sealed record AdministrativeActionDecided(
    Guid CaseId,
    Guid DecisionId,
    ActionType Type,
    IReadOnlyList<string> LegalBasis,
    string? DecisionNumber,
    DateTimeOffset DecidedAt,
    string Justification,
    Safeguards Safeguards,
    FeeDetails? Fee,
    DetentionDetails? Detention,
    DateTimeOffset RecordedAt,
    string DecidedBy) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => DecidedAt;

    string ICaseEvent.Summary => $"Decision {Type}" + (DecisionNumber is null ? "" : $" ({DecisionNumber})") + $" on {string.Join("; ", LegalBasis)}.";
}

public sealed record DecisionReviewed(
    Guid CaseId,
    Guid DecisionId,
    ReviewVerdict Verdict,
    IReadOnlyList<CriterionFinding> Findings,
    DateTimeOffset ReviewedAt,
    string ReviewedBy) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => ReviewedAt;

    string ICaseEvent.Summary => $"Decision reviewed: {Verdict}.";
}

public sealed record NoteAdded(
    Guid CaseId,
    string Text,
    DateTimeOffset AddedAt,
    string AddedBy) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => AddedAt;

    string ICaseEvent.Summary => $"Note: {Shorten(Text)}";
}

public sealed record CaseClosed(
    Guid CaseId,
    ClosureReason Reason,
    string? Note,
    DateTimeOffset ClosedAt,
    string ClosedBy) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => ClosedAt;

    string ICaseEvent.Summary => $"Closed: {Reason}" + (Note is null ? "." : $", {Shorten(Note)}");
}

public sealed record CaseReopened(
    Guid CaseId,
    string Reason,
    DateTimeOffset ReopenedAt,
    string ReopenedBy) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => ReopenedAt;

    string ICaseEvent.Summary => $"Reopened: {Shorten(Reason)}";
}

/// <summary>
/// The person objects to a decision (Permenimipas 2/2025 art. 73), recorded on their behalf. The deadlines are
/// kept as they were computed when it was filed, so a later change to the holiday list does not move them.
/// </summary>
public sealed record ObjectionFiled(
    Guid CaseId,
    Guid DecisionId,
    DateTimeOffset FiledAt,
    string Grounds,
    DateOnly FilingDeadline,
    DateOnly DecisionDueBy,
    DateTimeOffset RecordedAt,
    string RecordedBy) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => FiledAt;

    string ICaseEvent.Summary => $"Objection filed on {Date(FiledAt)}, to be decided by {Date(DecisionDueBy)}: {Shorten(Grounds)}";
}

/// <summary>The objection is decided; an upheld objection reverses the decision it objects to.</summary>
public sealed record ObjectionDecided(
    Guid CaseId,
    Guid DecisionId,
    ObjectionOutcome Outcome,
    string Note,
    DateTimeOffset DecidedAt,
    string DecidedBy) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => DecidedAt;

    string ICaseEvent.Summary => Outcome == ObjectionOutcome.Upheld
        ? $"Objection upheld: the decision is reversed. {Shorten(Note)}"
        : $"Objection rejected: the decision stands. {Shorten(Note)}";
}

/// <summary>A legal clock: the referral's due date passed without an answer.</summary>
public sealed record ReferralOverdue(
    Guid CaseId,
    Guid ReferralId,
    string ToAgency,
    DateOnly DueBy,
    DateTimeOffset RecordedAt,
    string RecordedBy) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => RecordedAt;

    string ICaseEvent.Summary => $"The referral to {ToAgency} is overdue: no answer by {Date(DueBy)}.";
}

/// <summary>A legal clock: a detention's review date passed without a new decision on the case.</summary>
public sealed record DetentionReviewMissed(
    Guid CaseId,
    Guid DecisionId,
    DateTimeOffset ReviewBy,
    DateTimeOffset RecordedAt,
    string RecordedBy) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => RecordedAt;

    string ICaseEvent.Summary => $"Detention review missed: no new decision by {Date(ReviewBy)}.";
}

/// <summary>A legal clock: an objection was not decided within the 5 + 5 working days the regulation allows.</summary>
public sealed record ObjectionDecisionOverdue(
    Guid CaseId,
    Guid DecisionId,
    DateOnly DueBy,
    DateTimeOffset RecordedAt,
    string RecordedBy) : ICaseEvent
{
    DateTimeOffset ICaseEvent.EffectiveAt => RecordedAt;

    string ICaseEvent.Summary => $"The objection was not decided by {Date(DueBy)}.";
}
