using Timpora.Cases.Deciding;
using Timpora.Cases.Tests.Given;

namespace Timpora.Cases.Tests;

public class Closing
{
    private static readonly Case Open = Case.From(
        Happened.Reported(), Happened.Verified(), Happened.Referred(), Happened.Decided(TheCase.Deportation, ActionType.Deportation));

    private static readonly Case Closed = Open.Then(Happened.ClosureOf(Open));

    [Fact]
    public void closing_a_case_records_why_who_and_when()
    {
        var decision = CaseDecisions.Decide(Commands.Close(ClosureReason.Resolved), Open, Office.Now);

        decision.ShouldAccept(
            new CaseClosed(TheCase.Id, ClosureReason.Resolved, "Deported through Soekarno-Hatta", Office.Now, People.Supervisor.UserId),
            new ReferralWithdrawn(TheCase.Id, TheCase.ReferralToManpower, "DISNAKER", Office.Now, People.Supervisor.UserId));
    }

    [Fact]
    public void closing_a_case_withdraws_only_the_referrals_still_open()
    {
        var state = Open.Then(Happened.Referred(TheCase.ReferralToPolice, "POLRI"), Happened.Answered());

        var events = CaseDecisions.Decide(Commands.Close(), state, Office.Now).ShouldBeAccepted();

        events.OfType<ReferralWithdrawn>().Select(e => e.ReferralId).Should().Equal(TheCase.ReferralToPolice);
    }

    [Fact]
    public void a_reopening_does_not_revive_the_referrals_the_closure_withdrew()
    {
        var reopened = Closed.Then(Happened.Reopened());

        reopened.FindReferral(TheCase.ReferralToManpower)!.Status.Should().Be(ReferralStatus.Withdrawn);
        CaseDecisions.Decide(Commands.Answer(), reopened, Office.Now).ShouldRefuse(RefusalReason.StateConflict);
    }

    [Fact]
    public void a_closed_case_shows_its_closure()
    {
        Closed.Closure.Should().Be(new Closure(ClosureReason.Resolved, Office.At(2025, 7, 13, 16, 0), People.Supervisor.UserId));
        Closed.IsClosed.Should().BeTrue();
        Closed.Status.Should().Be(CaseStatus.Closed);
    }

    [Fact]
    public void a_closed_case_is_not_closed_twice()
    {
        CaseDecisions.Decide(Commands.Close(ClosureReason.Duplicate), Closed, Office.Now).ShouldRefuse(RefusalReason.StateConflict);
    }

    [Fact]
    public void reopening_a_closed_case_records_why_who_and_when()
    {
        var decision = CaseDecisions.Decide(Commands.Reopen(), Closed, Office.Now);

        decision.ShouldAccept(new CaseReopened(TheCase.Id, "The same man was seen again in Lemba", Office.Now, People.Supervisor.UserId));
    }

    [Fact]
    public void an_open_case_is_not_reopened()
    {
        CaseDecisions.Decide(Commands.Reopen(), Open, Office.Now).ShouldRefuse(RefusalReason.StateConflict);
    }

    [Fact]
    public void a_reopened_case_is_open_again_and_may_be_closed_again()
    {
        var reopened = Closed.Then(CaseDecisions.Decide(Commands.Reopen(), Closed, Office.Now).ShouldAcceptOne<CaseReopened>());

        reopened.IsClosed.Should().BeFalse();
        reopened.Closure.Should().BeNull();
        CaseDecisions.Decide(Commands.Close(ClosureReason.Resolved), reopened, Office.Now).ShouldAcceptOne<CaseClosed>();
    }

    [Theory]
    [InlineData("report another sighting")]
    [InlineData("assign an investigator")]
    [InlineData("verify the identity")]
    [InlineData("refer to an agency")]
    [InlineData("answer a referral")]
    [InlineData("decline a referral")]
    [InlineData("decide a warning")]
    [InlineData("decide a deportation")]
    [InlineData("close")]
    public void a_closed_case_refuses_every_command_but_reopening_notes_and_reviews(string command)
    {
        var decision = command switch
        {
            "report another sighting" => CaseDecisions.Decide(Commands.SeeAgain(), Closed, Office.Now),
            "assign an investigator" => CaseDecisions.Decide(Commands.Assign(), Closed, Office.Now),
            "verify the identity" => CaseDecisions.Decide(Commands.Verify(), Closed, Office.Now),
            "refer to an agency" => CaseDecisions.Decide(Commands.Refer(TheCase.ReferralToPolice, "POLRI"), Closed, Office.Calendar, Office.Now),
            "answer a referral" => CaseDecisions.Decide(Commands.Answer(), Closed, Office.Now),
            "decline a referral" => CaseDecisions.Decide(Commands.Decline(), Closed, Office.Now),
            "decide a warning" => CaseDecisions.Decide(Commands.WarningInIndonesian(), Closed, Office.Now),
            "decide a deportation" => CaseDecisions.Decide(Commands.FullyEvidenced(ActionType.Deportation), Closed, Office.Now),
            "close" => CaseDecisions.Decide(Commands.Close(), Closed, Office.Now),
            _ => throw new ArgumentOutOfRangeException(nameof(command)),
        };

        decision.ShouldRefuse(RefusalReason.StateConflict);
    }

    [Fact]
    public void a_closed_case_accepts_a_reopening_a_note_and_a_review()
    {
        CaseDecisions.Decide(Commands.Reopen(), Closed, Office.Now).ShouldAcceptOne<CaseReopened>();
        CaseDecisions.Decide(Commands.Note(), Closed, Office.Now).ShouldAcceptOne<NoteAdded>();
        CaseDecisions.Decide(Commands.Review(TheCase.Deportation), Closed, Office.Now).ShouldAcceptOne<DecisionReviewed>();
    }
}
