using Timpora.Cases.Deciding;
using Timpora.Cases.Tests.Given;

namespace Timpora.Cases.Tests;

public class Referring
{
    private static readonly Case ReferredToManpower =
        Case.From(Happened.Reported(), Happened.Verified(), Happened.Referred(TheCase.ReferralToManpower, "DISNAKER"));

    [Fact]
    public void referring_a_case_asks_an_agency_for_findings_by_a_date()
    {
        var state = Case.From(Happened.Reported(), Happened.Verified());

        var decision = CaseDecisions.Decide(Commands.Refer(TheCase.ReferralToManpower, "DISNAKER"), state, Office.Calendar, Office.Now);

        decision.ShouldAccept(new CaseReferred(
            TheCase.Id, TheCase.ReferralToManpower, "DISNAKER", "Check the work permit (RPTKA) of the contractor",
            new DateOnly(2025, 7, 28), Office.Now, People.Investigator.UserId));
    }

    [Fact]
    public void a_referred_case_holds_an_open_referral_to_that_agency()
    {
        ReferredToManpower.Referrals.Should().ContainSingle().Which.Should().Be(new Referral(
            TheCase.ReferralToManpower, "DISNAKER", "Check the work permit (RPTKA) of the contractor", new DateOnly(2025, 7, 24),
            ReferralStatus.Open, null));
        ReferredToManpower.IsReferredTo("DISNAKER").Should().BeTrue();
        ReferredToManpower.IsReferredTo("POLRI").Should().BeFalse();
    }

    [Fact]
    public void the_agency_answers_its_referral_with_findings()
    {
        var decision = CaseDecisions.Decide(Commands.Answer(People.ManpowerOfficer), ReferredToManpower, Office.Now);

        decision.ShouldAccept(new ReferralAnswered(
            TheCase.Id, TheCase.ReferralToManpower, "No RPTKA on file for PT Sulawesi Konstruksi Mandiri", Office.Now,
            People.ManpowerOfficer.UserId, "DISNAKER"));
    }

    [Fact]
    public void the_agency_declines_its_referral_with_a_reason()
    {
        var decision = CaseDecisions.Decide(Commands.Decline(People.ManpowerOfficer), ReferredToManpower, Office.Now);

        decision.ShouldAccept(new ReferralDeclined(
            TheCase.Id, TheCase.ReferralToManpower, "Outside our regency: the employer is registered in Makassar", Office.Now,
            People.ManpowerOfficer.UserId, "DISNAKER"));
    }

    [Fact]
    public void an_answered_referral_shows_its_findings()
    {
        var state = ReferredToManpower.Then(Happened.Answered(TheCase.ReferralToManpower));

        state.FindReferral(TheCase.ReferralToManpower).Should().BeEquivalentTo(new
        {
            Status = ReferralStatus.Answered,
            Findings = "No RPTKA on file for PT Sulawesi Konstruksi Mandiri",
        });
    }

    [Fact]
    public void a_declined_referral_shows_the_reason_it_was_declined()
    {
        var state = ReferredToManpower.Then(Happened.Declined(TheCase.ReferralToManpower));

        state.FindReferral(TheCase.ReferralToManpower).Should().BeEquivalentTo(new
        {
            Status = ReferralStatus.Declined,
            Findings = "Outside our regency: the employer is registered in Makassar",
        });
    }

    [Fact]
    public void answering_one_referral_leaves_the_other_open()
    {
        var state = ReferredToManpower.Then(Happened.Referred(TheCase.ReferralToPolice, "POLRI"), Happened.Answered(TheCase.ReferralToManpower));

        state.FindReferral(TheCase.ReferralToPolice)!.Status.Should().Be(ReferralStatus.Open);
        state.FindReferral(TheCase.ReferralToManpower)!.Status.Should().Be(ReferralStatus.Answered);
    }

    [Fact]
    public void a_referral_is_answered_only_once()
    {
        var state = ReferredToManpower.Then(Happened.Answered(TheCase.ReferralToManpower));

        CaseDecisions.Decide(Commands.Answer(), state, Office.Now).ShouldRefuse(RefusalReason.StateConflict);
    }

    [Fact]
    public void an_answered_referral_cannot_be_declined_afterwards()
    {
        var state = ReferredToManpower.Then(Happened.Answered(TheCase.ReferralToManpower));

        CaseDecisions.Decide(Commands.Decline(), state, Office.Now).ShouldRefuse(RefusalReason.StateConflict);
    }

    [Fact]
    public void a_declined_referral_cannot_be_answered_afterwards()
    {
        var state = ReferredToManpower.Then(Happened.Declined(TheCase.ReferralToManpower));

        CaseDecisions.Decide(Commands.Answer(), state, Office.Now).ShouldRefuse(RefusalReason.StateConflict);
    }

    [Fact]
    public void answering_a_referral_the_case_does_not_hold_is_not_found()
    {
        var decision = CaseDecisions.Decide(Commands.Answer(referralId: TheCase.UnknownReferral), ReferredToManpower, Office.Now);

        decision.ShouldRefuse(RefusalReason.NotFound);
    }

    [Fact]
    public void an_officer_of_another_agency_may_not_answer_the_referral()
    {
        var decision = CaseDecisions.Decide(Commands.Answer(People.PoliceOfficer), ReferredToManpower, Office.Now);

        decision.ShouldRefuse(RefusalReason.Forbidden);
    }

    [Fact]
    public void an_officer_of_another_agency_may_not_decline_the_referral_either()
    {
        var decision = CaseDecisions.Decide(Commands.Decline(People.PoliceOfficer), ReferredToManpower, Office.Now);

        decision.ShouldRefuse(RefusalReason.Forbidden);
    }

    [Fact]
    public void an_investigator_may_answer_a_referral_and_is_recorded_as_answering_for_immigration()
    {
        var decision = CaseDecisions.Decide(Commands.Answer(People.Investigator), ReferredToManpower, Office.Now);

        decision.ShouldAcceptOne<ReferralAnswered>().Should().BeEquivalentTo(new
        {
            AnsweredBy = People.Investigator.UserId,
            AnsweringAgency = Agencies.Immigration,
        });
    }

    [Fact]
    public void a_supervisor_may_decline_a_referral()
    {
        var decision = CaseDecisions.Decide(Commands.Decline(People.Supervisor), ReferredToManpower, Office.Now);

        decision.ShouldAcceptOne<ReferralDeclined>().DeclinedBy.Should().Be(People.Supervisor.UserId);
    }

    [Fact]
    public void an_unverified_case_may_be_referred()
    {
        var state = Case.From(Happened.Reported());

        CaseDecisions.Decide(Commands.Refer(TheCase.ReferralToPolice, "POLRI"), state, Office.Calendar, Office.Now)
            .ShouldAcceptOne<CaseReferred>().ToAgency.Should().Be("POLRI");
    }

    [Fact]
    public void a_closed_case_is_not_referred()
    {
        var state = Case.From(Happened.Reported(), Happened.Closed());

        CaseDecisions.Decide(Commands.Refer(), state, Office.Calendar, Office.Now).ShouldRefuse(RefusalReason.StateConflict);
    }

    [Fact]
    public void a_referral_of_a_closed_case_is_not_answered()
    {
        var state = ReferredToManpower.Then(Happened.Closed(ClosureReason.Transferred));

        CaseDecisions.Decide(Commands.Answer(), state, Office.Now).ShouldRefuse(RefusalReason.StateConflict);
    }
}
