using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Timpora.Cases;

/// <summary>
/// A case as its events left it: the write model that decisions are taken against and the summary that
/// readers see. Immutable: every event gives a new value.
/// </summary>
public sealed partial record Case
{
    public Guid Id { get; init; }
    public string CaseNumber { get; init; } = "";

    /// <summary>The stream version: set by the event store, and the ETag readers send back as <c>If-Match</c>.</summary>
    public long Version { get; init; }

    public DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset LastUpdatedAt { get; init; }
    public Location Location { get; init; } = new(null, "", null, null, null, null);
    public SubjectDescription Subject { get; init; } = new(null, null, null, Sex.Unknown, null, null);
    public int Sightings { get; init; }
    public string? AssignedTo { get; init; }
    public Verification? Verification { get; init; }
    public IReadOnlyList<Referral> Referrals { get; init; } = [];
    public IReadOnlyList<CaseAction> Actions { get; init; } = [];
    public Closure? Closure { get; init; }

    /// <summary>Everyone who reported a sighting of this case: a reporter sees the cases they reported.</summary>
    public IReadOnlyList<string> ReportedBy { get; init; } = [];

    /// <summary>First match wins: closed, a standing decision, an open referral, verified, reported.</summary>
    public CaseStatus Status =>
        Closure is not null ? CaseStatus.Closed
        : Actions.Any(a => !a.Reversed) ? CaseStatus.ActionTaken
        : Referrals.Any(r => r.Status == ReferralStatus.Open) ? CaseStatus.Referred
        : Verification is not null ? CaseStatus.Verified
        : CaseStatus.Reported;

    [JsonIgnore]
    public bool IsClosed => Closure is not null;

    public Referral? FindReferral(Guid referralId) => Referrals.FirstOrDefault(r => r.ReferralId == referralId);

    public CaseAction? FindAction(Guid decisionId) => Actions.FirstOrDefault(a => a.DecisionId == decisionId);

    public bool IsReferredTo(string agency) => Referrals.Any(r => r.ToAgency == agency);

    public static Case Create(SightingReported e) => new()
    {
        Id = e.CaseId,
        CaseNumber = e.CaseNumber,
        OpenedAt = e.ReportedAt,
        LastUpdatedAt = e.ReportedAt,
        Location = e.Location,
        Subject = e.Subject,
        Sightings = 1,
        ReportedBy = [e.ReportedBy],
    };

    public Case Apply(AdditionalSightingReported e) => this with
    {
        Sightings = Sightings + 1,
        LastUpdatedAt = e.ReportedAt,
        ReportedBy = ReportedBy.Contains(e.ReportedBy) ? ReportedBy : [.. ReportedBy, e.ReportedBy],
    };

    public Case Apply(CaseAssigned e) => this with { AssignedTo = e.InvestigatorId, LastUpdatedAt = e.AssignedAt };

    public Case Apply(IdentityVerified e) => this with
    {
        Verification = new Verification(e.Identity, e.Permit, e.Finding, e.OverstayDays, e.WatchlistHit, e.VerifiedAt, e.VerifiedBy),
        LastUpdatedAt = e.VerifiedAt,
    };

    public Case Apply(CaseReferred e) => this with
    {
        Referrals = [.. Referrals, new Referral(e.ReferralId, e.ToAgency, e.Reason, e.DueBy, ReferralStatus.Open, null)],
        LastUpdatedAt = e.ReferredAt,
    };

    public Case Apply(ReferralAnswered e) => this with
    {
        Referrals = Replace(Referrals, r => r.ReferralId == e.ReferralId,
            r => r with { Status = ReferralStatus.Answered, Findings = e.Findings, RespondedAt = e.AnsweredAt }),
        LastUpdatedAt = e.AnsweredAt,
    };

    public Case Apply(ReferralDeclined e) => this with
    {
        Referrals = Replace(Referrals, r => r.ReferralId == e.ReferralId,
            r => r with { Status = ReferralStatus.Declined, Findings = e.Reason, RespondedAt = e.DeclinedAt }),
        LastUpdatedAt = e.DeclinedAt,
    };

    public Case Apply(ReferralWithdrawn e) => this with
    {
        Referrals = Replace(Referrals, r => r.ReferralId == e.ReferralId,
            r => r with { Status = ReferralStatus.Withdrawn, WithdrawnAt = e.WithdrawnAt }),
        LastUpdatedAt = e.WithdrawnAt,
    };

    public Case Apply(AdministrativeActionDecided e) => this with
    {
        Actions = [.. Actions, new CaseAction(e.DecisionId, e.Type, e.DecidedAt, e.DecidedBy, e.LegalBasis, false, null, [])],
        LastUpdatedAt = e.RecordedAt,
    };

    public Case Apply(DecisionReviewed e) => this with
    {
        Actions = Replace(Actions, a => a.DecisionId == e.DecisionId,
            a => a with { Reviews = [.. a.Reviews, new Review(e.Verdict, e.ReviewedBy, e.ReviewedAt)] }),
        LastUpdatedAt = e.ReviewedAt,
    };

    public Case Apply(ObjectionFiled e) => this with
    {
        Actions = Replace(Actions, a => a.DecisionId == e.DecisionId,
            a => a with { Objection = new Objection(e.FiledAt, e.DecisionDueBy, ObjectionStatus.Pending) }),
        LastUpdatedAt = e.RecordedAt,
    };

    public Case Apply(ObjectionDecided e) => this with
    {
        Actions = Replace(Actions, a => a.DecisionId == e.DecisionId, a => a with
        {
            Reversed = a.Reversed || e.Outcome == ObjectionOutcome.Upheld,
            Objection = a.Objection is { } objection
                ? objection with
                {
                    Outcome = e.Outcome == ObjectionOutcome.Upheld ? ObjectionStatus.Upheld : ObjectionStatus.Rejected,
                    DecidedAt = e.DecidedAt,
                }
                : null,
        }),
        LastUpdatedAt = e.DecidedAt,
    };

    public Case Apply(ReferralOverdue e) => this with
    {
        Referrals = Replace(Referrals, r => r.ReferralId == e.ReferralId, r => r with { Overdue = true }),
        LastUpdatedAt = e.RecordedAt,
    };

    public Case Apply(DetentionReviewMissed e) => this with
    {
        Actions = Replace(Actions, a => a.DecisionId == e.DecisionId, a => a with { DetentionReviewMissed = true }),
        LastUpdatedAt = e.RecordedAt,
    };

    public Case Apply(ObjectionDecisionOverdue e) => this with
    {
        Actions = Replace(Actions, a => a.DecisionId == e.DecisionId,
            a => a with { Objection = a.Objection is { } objection ? objection with { Overdue = true } : null }),
        LastUpdatedAt = e.RecordedAt,
    };

    public Case Apply(NoteAdded e) => this with { LastUpdatedAt = e.AddedAt };

    public Case Apply(CaseClosed e) => this with
    {
        Closure = new Closure(e.Reason, e.ClosedAt, e.ClosedBy),
        LastUpdatedAt = e.ClosedAt,
    };

    public Case Apply(CaseReopened e) => this with { Closure = null, LastUpdatedAt = e.ReopenedAt };

    /// <summary>
    /// A case folded from its events outside the event store (bulk loading, tests), through the same <c>Create</c> and
    /// <c>Apply</c> methods the event store calls; the version counts the events, as the store's does.
    /// </summary>
    public static Case From(params IEnumerable<object> events)
    {
        var history = events.ToList();
        if (history.FirstOrDefault() is not SightingReported opened)
            throw new ArgumentException($"A case's history starts with the {nameof(SightingReported)} that opened it.", nameof(events));

        return (Create(opened) with { Version = 1 }).Then(history.Skip(1));
    }

    /// <summary>This case after more events, each at the next version.</summary>
    public Case Then(params IEnumerable<object> events) => events.Aggregate(this, (state, @event) =>
        Appliers.TryGetValue(@event.GetType(), out var apply)
            ? apply(state, @event) with { Version = state.Version + 1 }
            : throw new ArgumentException($"{@event.GetType().Name} is not a later event of a case.", nameof(events)));

    /// <summary>Every <c>Apply</c> above, by the event type it takes: found once, so no list of events is kept by hand.</summary>
    private static readonly IReadOnlyDictionary<Type, Func<Case, object, Case>> Appliers = typeof(Case)
        .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        .Where(method => method.Name == nameof(Apply) && method.ReturnType == typeof(Case) && method.GetParameters().Length == 1)
        .ToDictionary(method => method.GetParameters()[0].ParameterType, Applier);

    /// <summary>The event types <see cref="From"/> and <see cref="Then"/> fold: the one that opens a case and every one applied after.</summary>
    public static IReadOnlyCollection<Type> FoldedEventTypes => [typeof(SightingReported), .. Appliers.Keys];

    private static Func<Case, object, Case> Applier(MethodInfo apply)
    {
        var state = Expression.Parameter(typeof(Case), "state");
        var @event = Expression.Parameter(typeof(object), "event");
        var call = Expression.Call(state, apply, Expression.Convert(@event, apply.GetParameters()[0].ParameterType));
        return Expression.Lambda<Func<Case, object, Case>>(call, state, @event).Compile();
    }

    private static IReadOnlyList<T> Replace<T>(IReadOnlyList<T> items, Func<T, bool> match, Func<T, T> change) =>
        items.Select(item => match(item) ? change(item) : item).ToList();
}

public sealed record Verification(
    VerifiedIdentity Identity,
    StayPermit Permit,
    VerificationFinding Finding,
    int OverstayDays,
    bool WatchlistHit,
    DateTimeOffset VerifiedAt,
    string VerifiedBy);

public sealed record Referral(
    Guid ReferralId,
    string ToAgency,
    string Reason,
    DateOnly DueBy,
    ReferralStatus Status,
    string? Findings)
{
    /// <summary>When the agency answered or declined; a legal clock judges against it whether that was in time.</summary>
    public DateTimeOffset? RespondedAt { get; init; }

    /// <summary>When the closure of the case withdrew it.</summary>
    public DateTimeOffset? WithdrawnAt { get; init; }

    /// <summary>The due date passed while the referral was open (a <see cref="ReferralOverdue"/> was recorded).</summary>
    public bool Overdue { get; init; }

    /// <summary>Its status as it stood at <paramref name="instant"/>: open until it was answered, declined or withdrawn.</summary>
    public ReferralStatus StatusAt(DateTimeOffset instant) =>
        (RespondedAt ?? WithdrawnAt) is { } ended && ended <= instant ? Status : ReferralStatus.Open;
}

public sealed record CaseAction(
    Guid DecisionId,
    ActionType Type,
    DateTimeOffset DecidedAt,
    string DecidedBy,
    IReadOnlyList<string> LegalBasis,
    bool Reversed,
    Objection? Objection,
    IReadOnlyList<Review> Reviews)
{
    /// <summary>A detention whose review date passed without a new decision (a <see cref="DetentionReviewMissed"/> was recorded).</summary>
    public bool DetentionReviewMissed { get; init; }
}

/// <summary>
/// The objection to a decision. <see cref="Deadline"/> is the last office day by which it must be decided
/// (5 working days to forward it, 5 for the Minister to decide); a late filing is never recorded, so the
/// filing deadline is kept in the event only.
/// </summary>
public sealed record Objection(DateTimeOffset FiledAt, DateOnly Deadline, ObjectionStatus Outcome)
{
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The deadline passed before it was decided (an <see cref="ObjectionDecisionOverdue"/> was recorded).</summary>
    public bool Overdue { get; init; }
}

public sealed record Review(ReviewVerdict Verdict, string ReviewedBy, DateTimeOffset ReviewedAt);

public sealed record Closure(ClosureReason Reason, DateTimeOffset ClosedAt, string ClosedBy);
