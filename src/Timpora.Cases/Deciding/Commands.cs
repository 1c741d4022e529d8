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
