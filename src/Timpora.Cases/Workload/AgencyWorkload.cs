using System.Globalization;
using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Weasel.Postgresql.Tables;

namespace Timpora.Cases.Workload;

/// <summary>
/// One referral as the agency that owes the answer sees it. An agency's workload is the set of its
/// referrals; whether an open one is overdue is judged when it is read, against the office's date
/// (<see cref="ReferralDeadline"/>), so a referral becomes overdue without any event arriving.
/// </summary>
public sealed record AgencyReferral
{
    public Guid Id { get; init; }
    public Guid CaseId { get; init; }
    public string ToAgency { get; init; } = "";
    public DateOnly DueBy { get; init; }
    public ReferralStatus Status { get; init; }
    public DateTimeOffset ReferredAt { get; init; }
    public DateTimeOffset? RespondedAt { get; init; }

    public bool IsOverdueOn(DateOnly today) => ReferralDeadline.IsOverdue(Status, DueBy, today);

    [JsonIgnore]
    public DateTimeOffset ReferredAtUtc => ReferredAt.ToUniversalTime();

    [JsonIgnore]
    public bool IsOpen => Status == ReferralStatus.Open;
}

public sealed partial class AgencyWorkloadProjection : MultiStreamProjection<AgencyReferral, Guid>
{
    public AgencyWorkloadProjection()
    {
        Identity<CaseReferred>(e => e.ReferralId);
        Identity<ReferralAnswered>(e => e.ReferralId);
        Identity<ReferralDeclined>(e => e.ReferralId);
        Identity<ReferralWithdrawn>(e => e.ReferralId);
    }

    public AgencyReferral Create(CaseReferred e) => new()
    {
        Id = e.ReferralId,
        CaseId = e.CaseId,
        ToAgency = e.ToAgency,
        DueBy = e.DueBy,
        Status = ReferralStatus.Open,
        ReferredAt = e.ReferredAt,
    };

    public AgencyReferral Apply(ReferralAnswered e, AgencyReferral referral) =>
        referral with { Status = ReferralStatus.Answered, RespondedAt = e.AnsweredAt };

    public AgencyReferral Apply(ReferralDeclined e, AgencyReferral referral) =>
        referral with { Status = ReferralStatus.Declined, RespondedAt = e.DeclinedAt };

    public AgencyReferral Apply(ReferralWithdrawn e, AgencyReferral referral) =>
        referral with { Status = ReferralStatus.Withdrawn };
}

/// <summary>
/// How many referrals to one agency fall due on one day, by what became of them: the counts an agency's workload is
/// summed from, kept as the referrals' events are projected, so reading them costs the same however many cases there
/// are (one row per agency and due date). Whether the open ones are overdue is judged when they are read.
/// </summary>
public sealed record ReferralTally
{
    public string Id { get; init; } = "";
    public string Agency { get; init; } = "";
    public DateOnly DueBy { get; init; }
    public int Open { get; init; }
    public int Answered { get; init; }
    public int Declined { get; init; }
    public int Withdrawn { get; init; }

    public static string KeyOf(string agency, DateOnly dueBy) => $"{agency}/{dueBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}

public sealed partial class ReferralTallyProjection : MultiStreamProjection<ReferralTally, string>
{
    public ReferralTallyProjection()
    {
        Identity<CaseReferred>(e => ReferralTally.KeyOf(e.ToAgency, e.DueBy));
        // A response names its referral, not the agency it was owed to nor its due date: both are the referral's for
        // good, so they are read from the referral in the batch, or else from the case (written inline, so never behind
        // the events this projection reads).
        CustomGrouping(async (session, events, grouping) =>
        {
            var responses = events.Where(e => e.Data is ReferralAnswered or ReferralDeclined or ReferralWithdrawn).ToList();
            if (responses.Count == 0) return;

            var referrals = events.Select(e => e.Data).OfType<CaseReferred>()
                .ToDictionary(r => r.ReferralId, r => ReferralTally.KeyOf(r.ToAgency, r.DueBy));
            var unknown = responses.Select(e => (ICaseEvent)e.Data).Where(e => !referrals.ContainsKey(ReferralOf(e)))
                .Select(e => e.CaseId).Distinct().ToList();
            if (unknown.Count > 0)
                foreach (var @case in await session.LoadManyAsync<Case>(unknown))
                foreach (var referral in @case.Referrals)
                    referrals.TryAdd(referral.ReferralId, ReferralTally.KeyOf(referral.ToAgency, referral.DueBy));

            foreach (var response in responses)
                if (referrals.TryGetValue(ReferralOf((ICaseEvent)response.Data), out var key)) grouping.AddEvent(key, response);
        });
    }

    private static Guid ReferralOf(ICaseEvent response) => response switch
    {
        ReferralAnswered e => e.ReferralId,
        ReferralDeclined e => e.ReferralId,
        ReferralWithdrawn e => e.ReferralId,
        _ => Guid.Empty,
    };

    public ReferralTally Create(CaseReferred e) =>
        new() { Id = ReferralTally.KeyOf(e.ToAgency, e.DueBy), Agency = e.ToAgency, DueBy = e.DueBy, Open = 1 };

    public ReferralTally Apply(CaseReferred e, ReferralTally tally) => tally with { Open = tally.Open + 1 };

    public ReferralTally Apply(ReferralAnswered e, ReferralTally tally) => tally with { Open = tally.Open - 1, Answered = tally.Answered + 1 };

    public ReferralTally Apply(ReferralDeclined e, ReferralTally tally) => tally with { Open = tally.Open - 1, Declined = tally.Declined + 1 };

    public ReferralTally Apply(ReferralWithdrawn e, ReferralTally tally) => tally with { Open = tally.Open - 1, Withdrawn = tally.Withdrawn + 1 };
}

public static class AgencyWorkloadStore
{
    public static StoreOptions ConfigureAgencyWorkload(this StoreOptions options)
    {
        options.Projections.Add<AgencyWorkloadProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Async);
        options.Projections.Add<ReferralTallyProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Async);
        // An agency's open referrals, by due date: the list of what it owes.
        options.Schema.For<AgencyReferral>()
            .Duplicate(r => r.ToAgency)
            .Duplicate(r => r.DueBy, pgType: "date")
            .Duplicate(r => r.ReferredAtUtc, pgType: "timestamptz")
            .Duplicate(r => r.IsOpen)
            .Index([r => r.ToAgency, r => r.DueBy, r => r.ReferredAtUtc, r => r.Id], index =>
            {
                index.Predicate = "is_open";
                index.Name = "mt_doc_agencyreferral_idx_open_by_due_date";
            });
        // The counts as columns, and one index holding them all: the workload sums them per agency from the index alone,
        // without reading a document (one row per agency and due date, so as many as the days of history it covers).
        options.Schema.For<ReferralTally>()
            .Duplicate(t => t.Agency)
            .Duplicate(t => t.DueBy, pgType: "date")
            .Duplicate(t => t.Open, pgType: "integer")
            .Duplicate(t => t.Answered, pgType: "integer")
            .Duplicate(t => t.Declined, pgType: "integer")
            .Index([t => t.Agency, t => t.DueBy, t => t.Open, t => t.Answered, t => t.Declined],
                index => index.Name = "mt_doc_referraltally_idx_counts");
        return options;
    }
}
