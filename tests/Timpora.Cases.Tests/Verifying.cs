using Timpora.Cases.Deciding;
using Timpora.Cases.Tests.Given;

namespace Timpora.Cases.Tests;

public class Verifying
{
    private static readonly Case Reported = Case.From(Happened.Reported());

    [Fact]
    public void verifying_an_overstay_records_the_days_past_expiry()
    {
        var now = Office.At(2025, 7, 14, 10, 15);

        var decision = CaseDecisions.Decide(Commands.Verify(TheCase.ExpiredVisitPermit, VerificationFinding.Overstay), Reported, now);

        decision.ShouldAccept(new IdentityVerified(
            TheCase.Id, TheCase.ChineseWorkerIdentity, TheCase.ExpiredVisitPermit, VerificationFinding.Overstay,
            OverstayDays: 14, WatchlistHit: false, "Passport E12345678 seen at the site office", now, People.Investigator.UserId));
    }

    [Fact]
    public void a_permit_that_has_not_expired_records_no_overstay()
    {
        var decision = CaseDecisions.Decide(Commands.Verify(TheCase.LimitedStayPermit, VerificationFinding.PermitMisuse), Reported, Office.Now);

        decision.ShouldAcceptOne<IdentityVerified>().OverstayDays.Should().Be(0);
    }

    [Fact]
    public void a_permit_without_an_expiry_date_records_no_overstay()
    {
        var noPermit = new StayPermit(StayPermitType.None, null, null, null);

        var decision = CaseDecisions.Decide(Commands.Verify(noPermit, VerificationFinding.NoValidDocuments), Reported, Office.Now);

        decision.ShouldAcceptOne<IdentityVerified>().OverstayDays.Should().Be(0);
    }

    [Fact]
    public void on_the_day_the_permit_expires_the_stay_is_still_lawful()
    {
        var decision = CaseDecisions.Decide(
            Commands.VerifyPermitExpiringOn(new DateOnly(2025, 7, 14)), Reported, Office.At(2025, 7, 14, 23, 59));

        decision.ShouldAcceptOne<IdentityVerified>().OverstayDays.Should().Be(0);
    }

    [Fact]
    public void the_day_after_the_permit_expires_counts_as_one_day_of_overstay()
    {
        var decision = CaseDecisions.Decide(
            Commands.VerifyPermitExpiringOn(new DateOnly(2025, 7, 13)), Reported, Office.At(2025, 7, 14, 0, 0));

        decision.ShouldAcceptOne<IdentityVerified>().OverstayDays.Should().Be(1);
    }

    [Fact]
    public void overstay_days_are_counted_on_the_office_date_not_the_utc_date()
    {
        // 07:30 WITA on 1 July is still 30 June in UTC.
        var earlyMorningInParepare = Office.At(2025, 7, 1, 7, 30);

        var decision = CaseDecisions.Decide(Commands.VerifyPermitExpiringOn(new DateOnly(2025, 6, 30)), Reported, earlyMorningInParepare);

        decision.ShouldAcceptOne<IdentityVerified>().OverstayDays.Should().Be(1);
    }

    [Fact]
    public void a_long_overstay_counts_every_calendar_day_across_months_and_years()
    {
        var decision = CaseDecisions.Decide(
            Commands.VerifyPermitExpiringOn(new DateOnly(2024, 12, 31)), Reported, Office.At(2025, 3, 1, 9, 0));

        decision.ShouldAcceptOne<IdentityVerified>().OverstayDays.Should().Be(60);
    }

    [Fact]
    public void a_verified_case_shows_the_identity_permit_finding_and_overstay()
    {
        var verified = CaseDecisions.Decide(Commands.Verify(), Reported, Office.Now).ShouldAcceptOne<IdentityVerified>();

        var state = Reported.Then(verified);

        state.Verification.Should().Be(new Verification(
            TheCase.ChineseWorkerIdentity, TheCase.ExpiredVisitPermit, VerificationFinding.Overstay, 14, false, Office.Now,
            People.Investigator.UserId));
        state.Status.Should().Be(CaseStatus.Verified);
    }

    [Fact]
    public void a_closed_case_is_not_verified()
    {
        var state = Case.From(Happened.Reported(), Happened.Closed(ClosureReason.NoForeignNational));

        CaseDecisions.Decide(Commands.Verify(), state, Office.Now).ShouldRefuse(RefusalReason.StateConflict);
    }
}
