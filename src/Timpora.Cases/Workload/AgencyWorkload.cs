using Marten.Events.Projections;

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
