using Timpora.Cases.Deciding;
using Timpora.Cases.Tests.Given;

namespace Timpora.Cases.Tests;

public class Reviewing
{
    private static readonly Case Deported =
        Case.From(Happened.Reported(), Happened.Verified(), Happened.Decided(TheCase.Deportation, ActionType.Deportation));

    [Fact]
    public void an_auditor_reviews_a_decision_against_the_criteria()
    {
        var decision = CaseDecisions.Decide(Commands.Review(TheCase.Deportation, ReviewVerdict.NeedsInformation), Deported, Office.Now);

        decision.ShouldAccept(new DecisionReviewed(
            TheCase.Id, TheCase.Deportation, ReviewVerdict.NeedsInformation,
            [new CriterionFinding("proportionality", "Milder measures considered only in one line")], Office.Now, People.Auditor.UserId));
    }

    [Fact]
    public void reviewing_a_decision_the_case_does_not_hold_is_not_found()
    {
        CaseDecisions.Decide(Commands.Review(TheCase.UnknownDecision), Deported, Office.Now).ShouldRefuse(RefusalReason.NotFound);
    }

    [Fact]
    public void a_case_without_decisions_has_nothing_to_review()
    {
        var state = Case.From(Happened.Reported(), Happened.Verified());

        CaseDecisions.Decide(Commands.Review(TheCase.Deportation), state, Office.Now).ShouldRefuse(RefusalReason.NotFound);
    }

    [Fact]
    public void a_decision_of_a_closed_case_may_still_be_reviewed()
    {
        var state = Deported.Then(Happened.Closed());

        CaseDecisions.Decide(Commands.Review(TheCase.Deportation, ReviewVerdict.Compliant), state, Office.Now)
            .ShouldAcceptOne<DecisionReviewed>().Verdict.Should().Be(ReviewVerdict.Compliant);
    }

    [Fact]
    public void reviews_accumulate_on_the_decision_they_concern()
    {
        var state = Deported.Then(
            Happened.Decided(TheCase.Warning, ActionType.Warning),
            Happened.Reviewed(TheCase.Deportation, ReviewVerdict.NeedsInformation),
            Happened.Reviewed(TheCase.Deportation, ReviewVerdict.Compliant));

        state.FindAction(TheCase.Deportation)!.Reviews.Select(r => r.Verdict)
            .Should().Equal(ReviewVerdict.NeedsInformation, ReviewVerdict.Compliant);
        state.FindAction(TheCase.Warning)!.Reviews.Should().BeEmpty();
    }
}
