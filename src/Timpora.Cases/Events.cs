namespace Timpora.Cases;

// Stored events are never renamed or reshaped: a change of meaning is a new event, a new field is optional.
// Every event names its case and carries its own time; who did it is also recorded as event headers.

public sealed record SightingReported(
    Guid CaseId,
    string CaseNumber,
    DateTimeOffset ObservedAt,
    Location Location,
    SubjectDescription Subject,
    string? Activity,
    ReportingChannel? Channel,
    DateTimeOffset ReportedAt,
    string ReportedBy);

public sealed record AdditionalSightingReported(
    Guid CaseId,
    DateTimeOffset ObservedAt,
    Location Location,
    SubjectDescription Subject,
    string? Activity,
    ReportingChannel? Channel,
    DateTimeOffset ReportedAt,
    string ReportedBy);

public sealed record CaseAssigned(
    Guid CaseId,
    string InvestigatorId,
    DateTimeOffset AssignedAt,
    string AssignedBy);

public sealed record IdentityVerified(
    Guid CaseId,
    VerifiedIdentity Identity,
    StayPermit Permit,
    VerificationFinding Finding,
    int OverstayDays,
    bool WatchlistHit,
    string? Notes,
    DateTimeOffset VerifiedAt,
    string VerifiedBy);

public sealed record CaseReferred(
    Guid CaseId,
    Guid ReferralId,
    string ToAgency,
    string Reason,
    DateOnly DueBy,
    DateTimeOffset ReferredAt,
    string ReferredBy);

public sealed record ReferralAnswered(
    Guid CaseId,
    Guid ReferralId,
    string Findings,
    DateTimeOffset AnsweredAt,
    string AnsweredBy,
    string AnsweringAgency);

public sealed record ReferralDeclined(
    Guid CaseId,
    Guid ReferralId,
    string Reason,
    DateTimeOffset DeclinedAt,
    string DeclinedBy,
    string DecliningAgency);

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
    string DecidedBy);

public sealed record DecisionReviewed(
    Guid CaseId,
    Guid DecisionId,
    ReviewVerdict Verdict,
    IReadOnlyList<CriterionFinding> Findings,
    DateTimeOffset ReviewedAt,
    string ReviewedBy);

public sealed record NoteAdded(
    Guid CaseId,
    string Text,
    DateTimeOffset AddedAt,
    string AddedBy);

public sealed record CaseClosed(
    Guid CaseId,
    ClosureReason Reason,
    string? Note,
    DateTimeOffset ClosedAt,
    string ClosedBy);

public sealed record CaseReopened(
    Guid CaseId,
    string Reason,
    DateTimeOffset ReopenedAt,
    string ReopenedBy);

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
    string RecordedBy);

/// <summary>The objection is decided; an upheld objection reverses the decision it objects to.</summary>
public sealed record ObjectionDecided(
    Guid CaseId,
    Guid DecisionId,
    ObjectionOutcome Outcome,
    string Note,
    DateTimeOffset DecidedAt,
    string DecidedBy);

/// <summary>A legal clock: the referral's due date passed without an answer.</summary>
public sealed record ReferralOverdue(
    Guid CaseId,
    Guid ReferralId,
    string ToAgency,
    DateOnly DueBy,
    DateTimeOffset RecordedAt,
    string RecordedBy);

/// <summary>A legal clock: a detention's review date passed without a new decision on the case.</summary>
public sealed record DetentionReviewMissed(
    Guid CaseId,
    Guid DecisionId,
    DateTimeOffset ReviewBy,
    DateTimeOffset RecordedAt,
    string RecordedBy);

/// <summary>A legal clock: an objection was not decided within the 5 + 5 working days the regulation allows.</summary>
public sealed record ObjectionDecisionOverdue(
    Guid CaseId,
    Guid DecisionId,
    DateOnly DueBy,
    DateTimeOffset RecordedAt,
    string RecordedBy);
