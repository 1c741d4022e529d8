using Timpora.Cases.Tests.Given;

namespace Timpora.Cases.Tests;

/// <summary>First match wins: closed, a standing decision, an open referral, verified, reported.</summary>
public class Status
{
    [Fact]
    public void a_case_walks_from_reported_to_closed_and_back_after_reopening()
    {
        var reported = Case.From(Happened.Reported());
        var verified = reported.Then(Happened.Verified());
        var referred = verified.Then(Happened.Referred());
        var answered = referred.Then(Happened.Answered());
        var actionTaken = answered.Then(Happened.Decided());
        var closed = actionTaken.Then(Happened.Closed());
        var reopened = closed.Then(Happened.Reopened());

        new[] { reported, verified, referred, answered, actionTaken, closed, reopened }.Select(c => c.Status).Should().Equal(
            CaseStatus.Reported, CaseStatus.Verified, CaseStatus.Referred, CaseStatus.Verified, CaseStatus.ActionTaken,
            CaseStatus.Closed, CaseStatus.ActionTaken);
    }

    [Fact]
    public void sightings_and_an_assignment_leave_a_case_reported()
    {
        Case.From(Happened.Reported(), Happened.SeenAgain(), Happened.Assigned()).Status.Should().Be(CaseStatus.Reported);
    }

    [Fact]
    public void an_unverified_case_with_an_open_referral_is_referred()
    {
        Case.From(Happened.Reported(), Happened.Referred()).Status.Should().Be(CaseStatus.Referred);
    }

    [Fact]
    public void an_answered_referral_no_longer_makes_the_case_referred()
    {
        Case.From(Happened.Reported(), Happened.Verified(), Happened.Referred(), Happened.Answered())
            .Status.Should().Be(CaseStatus.Verified);
    }

    [Fact]
    public void a_declined_referral_no_longer_makes_the_case_referred()
    {
        Case.From(Happened.Reported(), Happened.Referred(), Happened.Declined()).Status.Should().Be(CaseStatus.Reported);
    }

    [Fact]
    public void one_open_referral_among_answered_ones_keeps_the_case_referred()
    {
        Case.From(
                Happened.Reported(), Happened.Verified(),
                Happened.Referred(TheCase.ReferralToManpower, "DISNAKER"), Happened.Referred(TheCase.ReferralToPolice, "POLRI"),
                Happened.Answered(TheCase.ReferralToManpower))
            .Status.Should().Be(CaseStatus.Referred);
    }

    [Fact]
    public void a_standing_decision_outranks_an_open_referral()
    {
        Case.From(Happened.Reported(), Happened.Verified(), Happened.Referred(), Happened.Decided())
            .Status.Should().Be(CaseStatus.ActionTaken);
    }

    [Fact]
    public void a_warning_before_verification_is_a_standing_decision()
    {
        Case.From(Happened.Reported(), Happened.Decided(TheCase.Warning, ActionType.Warning))
            .Status.Should().Be(CaseStatus.ActionTaken);
    }

    [Fact]
    public void a_reversed_decision_no_longer_makes_the_case_action_taken()
    {
        var state = Case.From(Happened.Reported(), Happened.Verified(), Happened.Referred(), Happened.Decided());

        var reversed = state.Then(Happened.ObjectionFiled(), Happened.ObjectionDecided(ObjectionOutcome.Upheld));

        state.Status.Should().Be(CaseStatus.ActionTaken);
        reversed.Status.Should().Be(CaseStatus.Referred);
    }

    [Fact]
    public void one_standing_decision_beside_a_reversed_one_keeps_the_case_action_taken()
    {
        var state = Case.From(
            Happened.Reported(), Happened.Verified(),
            Happened.Decided(TheCase.Deportation, ActionType.Deportation), Happened.Decided(TheCase.Warning, ActionType.Warning));

        var oneReversed = state.Then(
            Happened.ObjectionFiled(TheCase.Deportation), Happened.ObjectionDecided(ObjectionOutcome.Upheld, TheCase.Deportation));

        oneReversed.FindAction(TheCase.Deportation)!.Reversed.Should().BeTrue();
        oneReversed.Status.Should().Be(CaseStatus.ActionTaken);
    }

    [Fact]
    public void a_closed_case_is_closed_whatever_else_it_holds()
    {
        var state = Case.From(Happened.Reported(), Happened.Verified(), Happened.Referred(), Happened.Decided());

        state.Then(Happened.ClosureOf(state)).Status.Should().Be(CaseStatus.Closed);
    }

    public static TheoryData<string, CaseStatus, CaseStatus> BeforeClosure => new()
    {
        { "reported", CaseStatus.Reported, CaseStatus.Reported },
        { "verified", CaseStatus.Verified, CaseStatus.Verified },
        // The closure withdrew the open referral, and a reopening does not revive it.
        { "referred", CaseStatus.Referred, CaseStatus.Verified },
        { "decided", CaseStatus.ActionTaken, CaseStatus.ActionTaken },
    };

    [Theory]
    [MemberData(nameof(BeforeClosure))]
    public void a_reopened_case_returns_to_the_status_its_events_before_the_closure_gave(string history, CaseStatus before, CaseStatus after)
    {
        var state = history switch
        {
            "reported" => Case.From(Happened.Reported()),
            "verified" => Case.From(Happened.Reported(), Happened.Verified()),
            "referred" => Case.From(Happened.Reported(), Happened.Verified(), Happened.Referred()),
            "decided" => Case.From(Happened.Reported(), Happened.Verified(), Happened.Decided()),
            _ => throw new ArgumentOutOfRangeException(nameof(history)),
        };

        var reopened = state.Then(Happened.ClosureOf(state)).Then(Happened.Reopened());

        state.Status.Should().Be(before);
        reopened.Status.Should().Be(after);
        reopened.LastUpdatedAt.Should().Be(Office.At(2025, 7, 14, 8, 0));
    }
}
