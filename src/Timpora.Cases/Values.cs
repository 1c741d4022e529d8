namespace Timpora.Cases;

public enum Sex { Male, Female, Unknown }

public enum ReportingChannel { FieldTeam, Apoa, Hotline, AgencyReferral, CoordinationGroup, WalkIn }

public enum StayPermitType { Visit, VisaOnArrival, LimitedStay, PermanentStay, Diplomatic, Service, None }

public enum VerificationFinding { Compliant, Overstay, PermitMisuse, NoValidDocuments, Unverifiable, NotForeignNational }

public enum ReferralStatus { Open, Answered, Declined, Withdrawn }

/// <summary>When a referral is overdue: the one definition that the legal clock, the agency workload and its counts use.</summary>
public static class ReferralDeadline
{
    /// <summary>Overdue on an office day: still open, and due before that day (the due date itself is still in time).</summary>
    public static bool IsOverdue(ReferralStatus status, DateOnly dueBy, DateOnly officeDay) =>
        status == ReferralStatus.Open && dueBy < officeDay;
}

public enum ReferralOutcome { Answered, Declined }

public enum ActionType
{
    CekalListing,
    StayPermitRestricted,
    StayPermitChanged,
    StayPermitCancelled,
    PlaceBan,
    ResidenceObligation,
    Fee,
    Deportation,
    Detention,
    Warning,
    NoAction,
}

public enum Vulnerability { Child, Pregnancy, Illness, TraffickingIndicators, AsylumSeeker, Refugee, TortureSurvivor, Stateless }

public enum ConsularAccess { Notified, Declined, NotApplicable }

public enum ReviewVerdict { Compliant, NonCompliant, NeedsInformation }

public enum ObjectionOutcome { Upheld, Rejected }

/// <summary>Where an objection stands: awaiting the Minister's decision, or decided.</summary>
public enum ObjectionStatus { Pending, Upheld, Rejected }

public enum ClosureReason { Resolved, NoForeignNational, Duplicate, Transferred, Other }

public enum CaseStatus { Reported, Verified, Referred, ActionTaken, Closed }

/// <summary>Who did something: taken from the validated token, recorded with every event.</summary>
public sealed record Actor(string UserId, string Name, string Agency, string Role);

public sealed record Location(
    string? Province,
    string Regency,
    string? District,
    string? Village,
    double? Latitude,
    double? Longitude);

/// <summary>The person as the reporter described them, before anyone checked a document.</summary>
public sealed record SubjectDescription(
    string? Name,
    string? Nationality,
    string? PassportNumber,
    Sex Sex,
    int? ApproximateAge,
    string? Description);

/// <summary>What one sighting saw: shared by the sighting that opens a case and the ones after it.</summary>
public sealed record Sighting(
    DateTimeOffset ObservedAt,
    Location Location,
    SubjectDescription Subject,
    string? Activity,
    ReportingChannel? Channel);

public sealed record VerifiedIdentity(
    string FullName,
    string Nationality,
    string? PassportNumber,
    DateOnly? DateOfBirth,
    Sex Sex);

public sealed record StayPermit(
    StayPermitType Type,
    string? Number,
    DateOnly? ExpiresOn,
    string? Sponsor);

public sealed record AlternativeConsidered(string Measure, string RejectedBecause);

public sealed record NonRefoulementAssessment(
    string? Destination,
    bool RiskAssessed,
    string? AssessedBy,
    string? Conclusion);

/// <summary>The evidence that a decision respected the person's rights; stored whole, checked by the safeguard rules.</summary>
public sealed record Safeguards(
    IReadOnlyList<AlternativeConsidered> AlternativesConsidered,
    IReadOnlyList<Vulnerability> Vulnerabilities,
    string? InformedInLanguage,
    bool? InterpreterProvided,
    bool ObjectionRightNotified,
    ConsularAccess? ConsularAccess,
    DateTimeOffset? ConsularNotifiedAt,
    NonRefoulementAssessment? NonRefoulement)
{
    public static readonly Safeguards None = new([], [], null, null, false, null, null, null);
}

public sealed record FeeDetails(decimal Amount, string Currency);

public sealed record DetentionDetails(string? Place, DateTimeOffset? StartsAt, DateTimeOffset? ReviewBy);

public sealed record CriterionFinding(string Criterion, string? Note);
