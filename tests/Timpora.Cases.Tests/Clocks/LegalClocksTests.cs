using Timpora.Cases.Deciding;
using Timpora.Cases.Tests.Given;

namespace Timpora.Cases.Tests.Clocks;

/// <summary>Which events set a legal clock running, and what each records when its deadline comes.</summary>
public class LegalClocksTests
{
    private static readonly LegalCalendar Calendar = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Makassar"), []);

    // The referral to DISNAKER recorded on 10 July is due by 24 July: its clock runs out at midnight, office time.
    private static readonly DateTimeOffset ReferralDue = Office.At(2025, 7, 25, 0, 0);
    private static readonly CheckReferralDeadline ReferralCheck = new(TheCase.Id, TheCase.ReferralToManpower, ReferralDue);

    private static readonly Case Referred = Case.From(Happened.Reported(), Happened.Verified(), Happened.Referred());

    private static readonly Case Verified = Case.From(Happened.Reported(), Happened.Verified());

    [Fact]
    public void a_referral_starts_a_clock_running_out_at_the_end_of_its_due_date()
    {
        CaseDecisions.Decide(Commands.Refer() with { DueBy = new DateOnly(2025, 7, 24) }, Verified, Calendar, Office.At(2025, 7, 10, 15, 0))
            .ShouldStartClocks(ReferralCheck);
    }

    [Fact]
    public void a_referral_recorded_after_its_due_date_starts_no_clock()
    {
        CaseDecisions.Decide(Commands.Refer() with { DueBy = new DateOnly(2025, 7, 9) }, Verified, Calendar, Office.At(2025, 7, 10, 15, 0))
            .ShouldStartClocks();
    }

    [Fact]
    public void a_detention_starts_a_clock_at_its_review_date_and_other_decisions_start_none()
    {
        CaseDecisions.Decide(Commands.FullyEvidenced(ActionType.Detention) with { DecisionId = TheCase.Detention }, Verified, Office.Now)
            .ShouldStartClocks(new CheckDetentionReview(TheCase.Id, TheCase.Detention, Office.At(2025, 8, 13, 9, 0)));
        CaseDecisions.Decide(Commands.FullyEvidenced(ActionType.Deportation), Verified, Office.Now).ShouldStartClocks();
    }

    [Fact]
    public void an_objection_starts_a_clock_running_out_after_ten_working_days()
    {
        var decided = Verified.Then(Happened.Decided());

        CaseDecisions.Decide(Commands.Object(Office.At(2025, 7, 15, 10, 0)), decided, Calendar, Office.At(2025, 7, 15, 11, 0))
            .ShouldStartClocks(new CheckObjectionDecision(TheCase.Id, TheCase.Deportation, Office.At(2025, 7, 30, 0, 0)));
    }

    [Fact]
    public void other_commands_start_no_clock()
    {
        CaseDecisions.Decide(Commands.Note(), Referred, Office.Now).ShouldStartClocks();
        CaseDecisions.Decide(Commands.Answer(), Referred, Office.Now).ShouldStartClocks();
        CaseDecisions.Decide(Commands.Close(), Referred, Office.Now).ShouldStartClocks();
    }

    // Referral

    [Fact]
    public void an_unanswered_referral_is_recorded_overdue_by_the_legal_clock()
    {
        var now = ReferralDue.AddSeconds(5);

        CaseDecisions.Decide(ReferralCheck, Referred, Calendar, now).ShouldAccept(new ReferralOverdue(
            TheCase.Id, TheCase.ReferralToManpower, "DISNAKER", new DateOnly(2025, 7, 24), now, LegalClocks.Actor.UserId));
    }

    [Fact]
    public void a_referral_answered_in_time_is_not_overdue()
    {
        CaseDecisions.Decide(ReferralCheck, Referred.Then(Happened.Answered()), Calendar, ReferralDue).ShouldAccept();
        CaseDecisions.Decide(ReferralCheck, Referred.Then(Happened.Declined()), Calendar, ReferralDue).ShouldAccept();
    }

    [Fact]
    public void a_referral_answered_after_its_due_date_was_overdue_all_the_same()
    {
        var lateAnswer = Happened.Answered() with { AnsweredAt = Office.At(2025, 7, 28, 10, 0) };

        CaseDecisions.Decide(ReferralCheck, Referred.Then(lateAnswer), Calendar, Office.At(2025, 7, 29)).ShouldAcceptOne<ReferralOverdue>();
    }

    [Fact]
    public void an_overdue_referral_is_recorded_once_however_often_the_clock_fires()
    {
        var overdue = CaseDecisions.Decide(ReferralCheck, Referred, Calendar, ReferralDue).ShouldAcceptOne<ReferralOverdue>();

        CaseDecisions.Decide(ReferralCheck, Referred.Then(overdue), Calendar, ReferralDue.AddDays(1)).ShouldAccept();
        Referred.Then(overdue).FindReferral(TheCase.ReferralToManpower)!.Overdue.Should().BeTrue();
    }

    [Fact]
    public void a_clock_that_fires_early_records_nothing()
    {
        CaseDecisions.Decide(ReferralCheck, Referred, Calendar, ReferralDue.AddTicks(-1)).ShouldRefuse(RefusalReason.StateConflict);
    }

    [Fact]
    public void a_referral_of_a_case_closed_before_it_fell_due_is_not_overdue()
    {
        var closed = Referred.Then(CaseDecisions.Decide(Commands.Close(), Referred, Office.At(2025, 7, 13, 16, 0)).ShouldBeAccepted());

        closed.FindReferral(TheCase.ReferralToManpower)!.Status.Should().Be(ReferralStatus.Withdrawn);
        CaseDecisions.Decide(ReferralCheck, closed, Calendar, ReferralDue).ShouldAccept();
    }

    [Fact]
    public void a_clock_for_a_referral_the_case_does_not_have_finds_nothing()
    {
        CaseDecisions.Decide(ReferralCheck with { ReferralId = TheCase.UnknownReferral }, Referred, Calendar, ReferralDue).ShouldRefuse(RefusalReason.NotFound);
    }

    // Detention

    private static readonly DateTimeOffset ReviewBy = Office.At(2025, 8, 13, 9, 0);
    private static readonly CheckDetentionReview DetentionCheck = new(TheCase.Id, TheCase.Detention, ReviewBy);
    private static readonly Case Detained = Case.From(Happened.Reported(), Happened.Verified(), Happened.DetentionDecided());

    [Fact]
    public void a_detention_without_a_new_decision_by_its_review_date_is_recorded_missed()
    {
        CaseDecisions.Decide(DetentionCheck, Detained, ReviewBy).ShouldAccept(new DetentionReviewMissed(
            TheCase.Id, TheCase.Detention, ReviewBy, ReviewBy, LegalClocks.Actor.UserId));
    }

    [Fact]
    public void a_new_decision_by_the_review_date_is_the_review()
    {
        var review = Happened.Decided(TheCase.NewDecision, ActionType.Detention) with { DecidedAt = Office.At(2025, 8, 12, 10, 0) };

        CaseDecisions.Decide(DetentionCheck, Detained.Then(review), ReviewBy).ShouldAccept();
    }

    [Fact]
    public void a_new_decision_after_the_review_date_comes_too_late()
    {
        var late = Happened.Decided(TheCase.NewDecision, ActionType.Deportation) with { DecidedAt = Office.At(2025, 8, 14, 10, 0) };

        CaseDecisions.Decide(DetentionCheck, Detained.Then(late), Office.At(2025, 8, 15)).ShouldAcceptOne<DetentionReviewMissed>();
    }

    [Fact]
    public void a_detention_reversed_before_its_review_date_needs_no_review()
    {
        var reversed = Detained.Then(Happened.ObjectionFiled(TheCase.Detention), Happened.ObjectionDecided(decisionId: TheCase.Detention));

        CaseDecisions.Decide(DetentionCheck, reversed, ReviewBy).ShouldAccept();
    }

    [Fact]
    public void a_missed_review_is_recorded_once()
    {
        var missed = CaseDecisions.Decide(DetentionCheck, Detained, ReviewBy).ShouldAcceptOne<DetentionReviewMissed>();

        CaseDecisions.Decide(DetentionCheck, Detained.Then(missed), ReviewBy.AddHours(1)).ShouldAccept();
        Detained.Then(missed).FindAction(TheCase.Detention)!.DetentionReviewMissed.Should().BeTrue();
    }

    // Objection

    private static readonly DateTimeOffset ObjectionDue = Office.At(2025, 7, 30, 0, 0);
    private static readonly CheckObjectionDecision ObjectionCheck = new(TheCase.Id, TheCase.Deportation, ObjectionDue);
    private static readonly Case Objected = Case.From(Happened.Reported(), Happened.Verified(), Happened.Decided(), Happened.ObjectionFiled());

    [Fact]
    public void an_objection_undecided_after_ten_working_days_is_recorded_overdue()
    {
        CaseDecisions.Decide(ObjectionCheck, Objected, ObjectionDue).ShouldAccept(new ObjectionDecisionOverdue(
            TheCase.Id, TheCase.Deportation, new DateOnly(2025, 7, 29), ObjectionDue, LegalClocks.Actor.UserId));
    }

    [Fact]
    public void an_objection_decided_in_time_is_not_overdue()
    {
        CaseDecisions.Decide(ObjectionCheck, Objected.Then(Happened.ObjectionDecided()), ObjectionDue).ShouldAccept();
    }

    [Fact]
    public void an_objection_decided_late_was_overdue()
    {
        var late = Happened.ObjectionDecided(at: Office.At(2025, 7, 31, 9, 0));

        CaseDecisions.Decide(ObjectionCheck, Objected.Then(late), Office.At(2025, 8, 1)).ShouldAcceptOne<ObjectionDecisionOverdue>();
    }

    [Fact]
    public void an_overdue_objection_is_recorded_once_and_runs_on_a_closed_case_too()
    {
        var overdue = CaseDecisions.Decide(ObjectionCheck, Objected.Then(Happened.Closed()), ObjectionDue).ShouldAcceptOne<ObjectionDecisionOverdue>();

        CaseDecisions.Decide(ObjectionCheck, Objected.Then(overdue), ObjectionDue.AddDays(1)).ShouldAccept();
        Objected.Then(overdue).FindAction(TheCase.Deportation)!.Objection!.Overdue.Should().BeTrue();
    }
}
