using JasperFx.Events;
using Timpora.Cases.ForeignNationals;
using Timpora.Cases.Reviews;
using Timpora.Cases.Statistics;
using Timpora.Cases.Workload;

namespace Timpora.Cases.Tests.Projections;

/// <summary>
/// The async daemon delivers events at least once: applying an event a second time must leave a view as the
/// first time left it.
/// </summary>
public sealed class IdempotentProjections
{
    private static readonly Guid CaseId = Guid.Parse("0196a000-0000-7000-8000-0000000000c1");
    private static readonly DateTimeOffset Seen = new(2025, 7, 9, 8, 30, 0, TimeSpan.FromHours(8));

    private static readonly SightingReported Reported = new(CaseId, "SOPPENG-2025-000001", Seen,
        new Location("Sulawesi Selatan", "Soppeng", "Lalabata", "Lemba", null, null),
        new SubjectDescription("Li Wei", "CHN", "E12345678", Sex.Male, 35, null), "working", ReportingChannel.FieldTeam, Seen, "rep-1");

    [Fact]
    public void a_sighting_delivered_twice_is_counted_once_in_the_statistics()
    {
        var projection = new CaseFactsProjection();
        var again = new Event<AdditionalSightingReported>(new AdditionalSightingReported(CaseId, Seen.AddDays(1), Reported.Location,
            Reported.Subject, null, null, Seen.AddDays(1), "rep-1")) { Version = 2 };

        var once = projection.Apply(again, projection.Create(Reported));
        var twice = projection.Apply(again, once);

        twice.Should().BeEquivalentTo(once);
        twice.Sightings.Should().HaveCount(2);
    }

    [Fact]
    public void a_decision_delivered_twice_is_counted_once_in_the_statistics()
    {
        var projection = new CaseFactsProjection();
        var decided = new AdministrativeActionDecided(CaseId, Guid.CreateVersion7(), ActionType.Fee, ["UU 6/2011 Pasal 78"], null, Seen,
            "overstay", Safeguards.None, new FeeDetails(1, "IDR"), null, Seen, "inv-1");

        var once = projection.Apply(decided, projection.Create(Reported));

        projection.Apply(decided, once).Should().BeEquivalentTo(once);
    }

    [Fact]
    public void a_profile_lists_a_case_and_a_name_once_however_often_they_arrive()
    {
        var projection = new ForeignNationalProfileProjection();
        var verified = new IdentityVerified(CaseId, new VerifiedIdentity("Li Wei", "CHN", "E12345678", null, Sex.Male),
            new StayPermit(StayPermitType.Visit, null, null, null), VerificationFinding.Compliant, 0, false, null, Seen, "inv-1");

        var once = projection.Apply(verified, projection.Create(Reported));
        var twice = projection.Apply(verified, projection.Apply(Reported, once));

        twice.Should().BeEquivalentTo(once);
        twice.CaseIds.Should().Equal(CaseId);
        twice.Names.Should().Equal("Li Wei");
    }

    [Fact]
    public void a_referral_answer_or_review_delivered_twice_changes_nothing_more()
    {
        var referrals = new AgencyWorkloadProjection();
        var referred = new CaseReferred(CaseId, Guid.CreateVersion7(), "DISNAKER", "check", new DateOnly(2025, 7, 23), Seen, "inv-1");
        var answered = new ReferralAnswered(CaseId, referred.ReferralId, "done", Seen.AddDays(2), "dis-1", "DISNAKER");
        var once = referrals.Apply(answered, referrals.Create(referred));
        referrals.Apply(answered, once).Should().BeEquivalentTo(once);

        var reviews = new ReviewQueueProjection();
        var decided = new AdministrativeActionDecided(CaseId, Guid.CreateVersion7(), ActionType.Warning, ["UU 6/2011 Pasal 75"], null, Seen,
            "warning", Safeguards.None, null, null, Seen, "inv-1");
        var reviewed = new DecisionReviewed(CaseId, decided.DecisionId, ReviewVerdict.Compliant, [], Seen.AddDays(1), "aud-1");
        var reviewedOnce = reviews.Apply(reviewed, reviews.Create(decided));
        reviews.Apply(reviewed, reviewedOnce).Should().BeEquivalentTo(reviewedOnce);
        reviewedOnce.AwaitsReview.Should().BeFalse();
    }
}
