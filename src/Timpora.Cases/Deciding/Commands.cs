namespace Timpora.Cases.Deciding;

public sealed record ReportSighting(Guid CaseId, string CaseNumber, Sighting Sighting, Actor By)
{
    /// <summary>
    /// A client that lost the answer to its report sends it again with the same case id. It is the same
    /// report when what was seen is the same; who sent it and when it arrived do not matter.
    /// </summary>
    public bool Repeats(SightingReported original) =>
        original.CaseId == CaseId
        && new Sighting(original.ObservedAt, original.Location, original.Subject, original.Activity, original.Channel) == Sighting;
}

public sealed record ReportAdditionalSighting(Guid CaseId, Sighting Sighting, Actor By);

public sealed record AssignInvestigator(Guid CaseId, string InvestigatorId, Actor By);

public sealed record VerifyIdentity(
    Guid CaseId,
    VerifiedIdentity Identity,
    StayPermit Permit,
    VerificationFinding Finding,
    bool WatchlistHit,
    string? Notes,
    Actor By);

public sealed record ReferCase(Guid CaseId, Guid ReferralId, string ToAgency, string Reason, DateOnly DueBy, Actor By);

public sealed record AnswerReferral(Guid CaseId, Guid ReferralId, ReferralOutcome Outcome, string Findings, Actor By);

public sealed record DecideAction(
    Guid CaseId,
    Guid DecisionId,
    ActionType Type,
    IReadOnlyList<string> LegalBasis,
    string? DecisionNumber,
    DateTimeOffset? DecidedAt,
    string? Justification,
    Safeguards Safeguards,
    FeeDetails? Fee,
    DetentionDetails? Detention,
    Actor By);

public sealed record ReviewDecision(Guid CaseId, Guid DecisionId, ReviewVerdict Verdict, IReadOnlyList<CriterionFinding> Findings, Actor By);

public sealed record AddNote(Guid CaseId, string Text, Actor By);

public sealed record CloseCase(Guid CaseId, ClosureReason Reason, string? Note, Actor By);

public sealed record ReopenCase(Guid CaseId, string Reason, Actor By);

/// <summary>The person's objection to a decision, recorded on their behalf by an investigator or a supervisor.</summary>
public sealed record FileObjection(Guid CaseId, Guid DecisionId, DateTimeOffset FiledAt, string Grounds, Actor By);

public sealed record DecideObjection(Guid CaseId, Guid DecisionId, ObjectionOutcome Outcome, string Note, Actor By);

/// <summary>
/// A legal clock's check, run when its deadline (<see cref="DueAt"/>) has come: did what was due happen in time?
/// Scheduled when the thing it watches is recorded, so it also travels as a durable message.
/// </summary>
public abstract record LegalClockCheck(Guid CaseId, DateTimeOffset DueAt);

/// <summary>Was the referral answered or declined by the end of its due date?</summary>
public sealed record CheckReferralDeadline(Guid CaseId, Guid ReferralId, DateTimeOffset DueAt) : LegalClockCheck(CaseId, DueAt);

/// <summary>Was a new decision taken on the case by the detention's review date?</summary>
public sealed record CheckDetentionReview(Guid CaseId, Guid DecisionId, DateTimeOffset DueAt) : LegalClockCheck(CaseId, DueAt);

/// <summary>Was the objection to the decision decided within its 5 + 5 working days?</summary>
public sealed record CheckObjectionDecision(Guid CaseId, Guid DecisionId, DateTimeOffset DueAt) : LegalClockCheck(CaseId, DueAt);
