namespace Timpora.Cases.Deciding;

/// <summary>A command someone gives: who gives it, and the permission (a row of the role table) it needs.</summary>
public interface ICommand
{
    /// <summary>Checked before anything else, even before the request is validated.</summary>
    static abstract Permission Permission { get; }

    Actor By { get; }
}

/// <summary>
/// A command against an existing case, decided by a pure function of the case as it stands. (Each is also an
/// <see cref="ICommand"/>; kept apart so that this one can be a type argument.)
/// </summary>
public interface ICaseCommand
{
    Guid CaseId { get; }

    Actor By { get; }

    /// <summary>
    /// The events to append (and the legal clocks they start), or the refusal. <paramref name="now"/> is the office's time;
    /// <paramref name="calendar"/> counts its working days.
    /// </summary>
    Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar);
}

/// <summary>The report that opens a case: decided on no earlier state.</summary>
public sealed record ReportSighting(Guid CaseId, string CaseNumber, Sighting Sighting, Actor By) : ICommand
{
    public static Permission Permission => Permission.ReportSighting;

    /// <summary>
    /// A client that lost the answer to its report sends it again with the same case id. It is the same report when
    /// the same user sends what was seen again; when it arrived does not matter. Anyone else sending the same id is not
    /// repeating a report of theirs, and learns nothing of the case from the answer (the id is taken, as for another body).
    /// </summary>
    public bool Repeats(SightingReported original) =>
        original.CaseId == CaseId
        && original.ReportedBy == By.UserId
        && new Sighting(original.ObservedAt, original.Location, original.Subject, original.Activity, original.Channel) == Sighting;
}

public sealed record ReportAdditionalSighting(Guid CaseId, Sighting Sighting, Actor By) : ICaseCommand, ICommand
{
    public static Permission Permission => Permission.ReportSighting;

    public Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar) => CaseDecisions.Decide(this, state, now);
}

public sealed record AssignInvestigator(Guid CaseId, string InvestigatorId, Actor By) : ICaseCommand, ICommand
{
    public static Permission Permission => Permission.AssignInvestigator;

    public Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar) => CaseDecisions.Decide(this, state, now);
}

public sealed record VerifyIdentity(
    Guid CaseId,
    VerifiedIdentity Identity,
    StayPermit Permit,
    VerificationFinding Finding,
    bool WatchlistHit,
    string? Notes,
    Actor By) : ICaseCommand, ICommand
{
    public static Permission Permission => Permission.Investigate;

    public Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar) => CaseDecisions.Decide(this, state, now);
}

public sealed record ReferCase(Guid CaseId, Guid ReferralId, string ToAgency, string Reason, DateOnly DueBy, Actor By) : ICaseCommand, ICommand
{
    public static Permission Permission => Permission.Investigate;

    public Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar) => CaseDecisions.Decide(this, state, calendar, now);
}

public sealed record AnswerReferral(Guid CaseId, Guid ReferralId, ReferralOutcome Outcome, string Findings, Actor By) : ICaseCommand, ICommand
{
    public static Permission Permission => Permission.AnswerReferral;

    public Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar) => CaseDecisions.Decide(this, state, now);
}

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
    Actor By) : ICaseCommand, ICommand
{
    public static Permission Permission => Permission.Investigate;

    public Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar) => CaseDecisions.Decide(this, state, now);
}

public sealed record ReviewDecision(Guid CaseId, Guid DecisionId, ReviewVerdict Verdict, IReadOnlyList<CriterionFinding> Findings, Actor By) : ICaseCommand, ICommand
{
    public static Permission Permission => Permission.ReviewDecision;

    public Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar) => CaseDecisions.Decide(this, state, now);
}

public sealed record AddNote(Guid CaseId, string Text, Actor By) : ICaseCommand, ICommand
{
    public static Permission Permission => Permission.AddNote;

    public Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar) => CaseDecisions.Decide(this, state, now);
}

public sealed record CloseCase(Guid CaseId, ClosureReason Reason, string? Note, Actor By) : ICaseCommand, ICommand
{
    public static Permission Permission => Permission.Investigate;

    public Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar) => CaseDecisions.Decide(this, state, now);
}

public sealed record ReopenCase(Guid CaseId, string Reason, Actor By) : ICaseCommand, ICommand
{
    public static Permission Permission => Permission.Investigate;

    public Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar) => CaseDecisions.Decide(this, state, now);
}

/// <summary>The person's objection to a decision, recorded on their behalf by an investigator or a supervisor.</summary>
public sealed record FileObjection(Guid CaseId, Guid DecisionId, DateTimeOffset FiledAt, string Grounds, Actor By) : ICaseCommand, ICommand
{
    public static Permission Permission => Permission.Investigate;

    public Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar) => CaseDecisions.Decide(this, state, calendar, now);
}

public sealed record DecideObjection(Guid CaseId, Guid DecisionId, ObjectionOutcome Outcome, string Note, Actor By) : ICaseCommand, ICommand
{
    public static Permission Permission => Permission.DecideObjection;

    public Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar) => CaseDecisions.Decide(this, state, now);
}

/// <summary>
/// A legal clock's check, run when its deadline (<see cref="DueAt"/>) has come: did what was due happen in time?
/// Returned by the decision whose event starts the clock, so it travels as a durable message stored with that event.
/// </summary>
public abstract record LegalClockCheck(Guid CaseId, DateTimeOffset DueAt)
{
    /// <summary>What the deadline passing records (nothing, when it was met or already recorded), or a refusal before it.</summary>
    public abstract Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar);
}

/// <summary>Was the referral answered or declined by the end of its due date?</summary>
public sealed record CheckReferralDeadline(Guid CaseId, Guid ReferralId, DateTimeOffset DueAt) : LegalClockCheck(CaseId, DueAt)
{
    public override Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar) => CaseDecisions.Decide(this, state, calendar, now);
}

/// <summary>Was a new decision taken on the case by the detention's review date?</summary>
public sealed record CheckDetentionReview(Guid CaseId, Guid DecisionId, DateTimeOffset DueAt) : LegalClockCheck(CaseId, DueAt)
{
    public override Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar) => CaseDecisions.Decide(this, state, now);
}

/// <summary>Was the objection to the decision decided within its 5 + 5 working days?</summary>
public sealed record CheckObjectionDecision(Guid CaseId, Guid DecisionId, DateTimeOffset DueAt) : LegalClockCheck(CaseId, DueAt)
{
    public override Decision Decide(Case state, DateTimeOffset now, LegalCalendar calendar) => CaseDecisions.Decide(this, state, now);
}
