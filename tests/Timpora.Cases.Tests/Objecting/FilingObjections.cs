using Timpora.Cases.Deciding;
using Timpora.Cases.Tests.Given;

namespace Timpora.Cases.Tests.Objecting;

/// <summary>The deportation of Saturday 12 July 2025 may be objected to until Monday 11 August (21 working days).</summary>
public class FilingObjections
{
    private static readonly LegalCalendar Calendar = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Makassar"), []);
    private static readonly DateTimeOffset Now = Office.At(2025, 8, 20, 10, 0);

    private static readonly Case Deported = Case.From(Happened.Reported(), Happened.Verified(), Happened.Decided());

    private static Decision File(Case state, DateTimeOffset filedAt, DateTimeOffset? now = null) =>
        CaseDecisions.Decide(Commands.Object(filedAt), state, Calendar, now ?? Now);

    [Fact]
    public void an_objection_within_the_deadline_is_recorded_with_its_deadlines()
    {
        File(Deported, Office.At(2025, 7, 15, 10, 0)).ShouldAccept(new ObjectionFiled(
            TheCase.Id, TheCase.Deportation, Office.At(2025, 7, 15, 10, 0), "He holds a pending application for a work permit (RPTKA)",
            new DateOnly(2025, 8, 11), new DateOnly(2025, 7, 29), Now, People.Investigator.UserId));
    }

    [Fact]
    public void an_objection_on_the_last_office_day_is_in_time()
    {
        File(Deported, Office.At(2025, 8, 11, 23, 59)).ShouldAcceptOne<ObjectionFiled>().FilingDeadline.Should().Be(new DateOnly(2025, 8, 11));
    }

    [Fact]
    public void an_objection_the_day_after_the_deadline_is_refused_naming_filed_at()
    {
        File(Deported, Office.At(2025, 8, 12, 0, 0)).ShouldMiss("filedAt");
    }

    [Fact]
    public void the_deadline_is_judged_on_the_offices_date_not_the_filers_offset()
    {
        File(Deported, DateTimeOffset.Parse("2025-08-11T15:30:00Z")).ShouldAcceptOne<ObjectionFiled>();
        File(Deported, DateTimeOffset.Parse("2025-08-11T16:30:00Z")).ShouldMiss("filedAt");
    }

    [Fact]
    public void a_holiday_gives_one_more_working_day()
    {
        var withHoliday = new LegalCalendar(Calendar.Zone, [new DateOnly(2025, 8, 4)]);

        CaseDecisions.Decide(Commands.Object(Office.At(2025, 8, 12, 9, 0)), Deported, withHoliday, Now).ShouldAcceptOne<ObjectionFiled>();
    }

    [Fact]
    public void an_objection_cannot_be_dated_in_the_future()
    {
        var now = Office.At(2025, 7, 20, 10, 0);

        File(Deported, now.AddMinutes(1), now).ShouldMiss("filedAt");
        File(Deported, now, now).ShouldAcceptOne<ObjectionFiled>().FiledAt.Should().Be(now);
    }

    [Fact]
    public void an_objection_cannot_be_dated_before_the_decision()
    {
        File(Deported, Office.At(2025, 7, 12, 8, 0)).ShouldMiss("filedAt");
    }

    [Fact]
    public void a_second_objection_to_the_same_decision_is_a_conflict()
    {
        File(Deported.Then(Happened.ObjectionFiled()), Office.At(2025, 7, 16, 10, 0)).ShouldRefuse(RefusalReason.StateConflict);
    }

    [Fact]
    public void an_objection_to_a_decision_the_case_does_not_have_is_not_found()
    {
        CaseDecisions.Decide(Commands.Object(Office.At(2025, 7, 15), TheCase.UnknownDecision), Deported, Calendar, Now)
            .ShouldRefuse(RefusalReason.NotFound);
    }

    [Fact]
    public void a_closed_case_still_takes_an_objection()
    {
        File(Deported.Then(Happened.Closed()), Office.At(2025, 7, 15, 10, 0)).ShouldAcceptOne<ObjectionFiled>();
    }

    [Fact]
    public void the_summary_shows_the_pending_objection_and_when_it_must_be_decided()
    {
        var action = Deported.Then(Happened.ObjectionFiled()).FindAction(TheCase.Deportation)!;

        action.Objection.Should().Be(new Objection(Office.At(2025, 7, 15, 10, 0), new DateOnly(2025, 7, 29), ObjectionStatus.Pending));
        action.Reversed.Should().BeFalse();
    }
}

public class DecidingObjections
{
    private static readonly DateTimeOffset Now = Office.At(2025, 7, 22, 14, 0);

    private static readonly Case Objected = Case.From(Happened.Reported(), Happened.Verified(), Happened.Decided(), Happened.ObjectionFiled());

    [Fact]
    public void a_supervisor_upholds_an_objection()
    {
        CaseDecisions.Decide(Commands.DecideObjection(), Objected, Now).ShouldAccept(new ObjectionDecided(
            TheCase.Id, TheCase.Deportation, ObjectionOutcome.Upheld, "The work permit was granted before the decision", Now, People.Supervisor.UserId));
    }

    [Fact]
    public void an_upheld_objection_reverses_the_decision_and_the_case_no_longer_stands_on_it()
    {
        var state = Objected.Then(Happened.ObjectionDecided(ObjectionOutcome.Upheld));

        var action = state.FindAction(TheCase.Deportation)!;
        action.Reversed.Should().BeTrue();
        action.Objection!.Outcome.Should().Be(ObjectionStatus.Upheld);
        action.Objection.DecidedAt.Should().Be(Office.At(2025, 7, 22, 14, 0));
        state.Status.Should().Be(CaseStatus.Verified);
    }

    [Fact]
    public void a_rejected_objection_leaves_the_decision_standing()
    {
        var state = Objected.Then(Happened.ObjectionDecided(ObjectionOutcome.Rejected));

        state.FindAction(TheCase.Deportation)!.Reversed.Should().BeFalse();
        state.FindAction(TheCase.Deportation)!.Objection!.Outcome.Should().Be(ObjectionStatus.Rejected);
        state.Status.Should().Be(CaseStatus.ActionTaken);
    }

    [Fact]
    public void only_a_supervisor_decides_an_objection()
    {
        Permissions.RolesAllowed(DecideObjection.Permission).Should().Equal(Roles.Supervisor);
    }

    [Fact]
    public void an_objection_is_decided_once()
    {
        CaseDecisions.Decide(Commands.DecideObjection(ObjectionOutcome.Rejected), Objected.Then(Happened.ObjectionDecided()), Now)
            .ShouldRefuse(RefusalReason.StateConflict);
    }

    [Fact]
    public void there_is_nothing_to_decide_before_an_objection_is_filed()
    {
        var deported = Case.From(Happened.Reported(), Happened.Verified(), Happened.Decided());

        CaseDecisions.Decide(Commands.DecideObjection(), deported, Now).ShouldRefuse(RefusalReason.StateConflict);
    }

    [Fact]
    public void deciding_an_objection_to_an_unknown_decision_is_not_found()
    {
        CaseDecisions.Decide(Commands.DecideObjection(decisionId: TheCase.UnknownDecision), Objected, Now).ShouldRefuse(RefusalReason.NotFound);
    }

    [Fact]
    public void a_closed_case_still_takes_the_decision_on_an_objection()
    {
        CaseDecisions.Decide(Commands.DecideObjection(), Objected.Then(Happened.Closed()), Now).ShouldAcceptOne<ObjectionDecided>();
    }

    [Fact]
    public void a_reversed_decision_among_standing_ones_leaves_the_case_with_action_taken()
    {
        var state = Case.From(Happened.Reported(), Happened.Verified(), Happened.Decided(), Happened.Decided(TheCase.Warning, ActionType.Warning),
            Happened.ObjectionFiled(), Happened.ObjectionDecided());

        state.Status.Should().Be(CaseStatus.ActionTaken);
    }
}
