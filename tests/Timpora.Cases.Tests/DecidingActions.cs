using Timpora.Cases.Deciding;
using Timpora.Cases.Tests.Given;

namespace Timpora.Cases.Tests;

public class DecidingActions
{
    private static readonly Case Unverified = Case.From(Happened.Reported());
    private static readonly Case Verified = Case.From(Happened.Reported(), Happened.Verified());

    public static TheoryData<ActionType> EveryType => new(Enum.GetValues<ActionType>());

    public static TheoryData<ActionType> EveryTypeButWarningAndNoAction =>
        new(Enum.GetValues<ActionType>().Where(t => t is not (ActionType.Warning or ActionType.NoAction)));

    [Fact]
    public void deciding_a_deportation_records_the_whole_written_decision()
    {
        var command = Commands.FullyEvidenced(ActionType.Deportation);

        var decision = CaseDecisions.Decide(command, Verified, Office.Now);

        decision.ShouldAccept(new AdministrativeActionDecided(
            TheCase.Id,
            TheCase.NewDecision,
            ActionType.Deportation,
            ["UU 6/2011 Pasal 75 ayat (2) huruf f", "UU 6/2011 Pasal 78 ayat (3)"],
            "W23.IMI.2-GR.04.01-0123",
            Office.Now,
            "Worked at a construction site in Lemba on a visit permit that expired on 30 June 2025.",
            new Safeguards(
                [new AlternativeConsidered("residenceObligation", "No fixed address: he slept at the construction site")],
                [],
                "zh",
                true,
                true,
                ConsularAccess.Notified,
                Office.At(2025, 7, 11, 10, 30),
                new NonRefoulementAssessment("CHN", true, "Seksi Intelijen Kanim Parepare", "No risk identified on return")),
            null,
            null,
            Office.Now,
            People.Investigator.UserId));
    }

    [Theory]
    [MemberData(nameof(EveryType))]
    public void every_kind_of_action_carrying_its_evidence_is_recorded_on_a_verified_case(ActionType type)
    {
        var decided = CaseDecisions.Decide(Commands.FullyEvidenced(type), Verified, Office.Now).ShouldAcceptOne<AdministrativeActionDecided>();

        decided.Type.Should().Be(type);
        decided.DecisionId.Should().Be(TheCase.NewDecision);
    }

    [Fact]
    public void a_detention_records_where_it_starts_and_when_it_is_reviewed()
    {
        var decided = CaseDecisions.Decide(Commands.FullyEvidenced(ActionType.Detention), Verified, Office.Now)
            .ShouldAcceptOne<AdministrativeActionDecided>();

        decided.Detention.Should().Be(new DetentionDetails("Rudenim Makassar", Office.At(2025, 7, 14, 9, 0), Office.At(2025, 8, 13, 9, 0)));
        decided.Fee.Should().BeNull();
    }

    [Fact]
    public void a_fee_records_its_amount_in_rupiah()
    {
        var decided = CaseDecisions.Decide(Commands.FullyEvidenced(ActionType.Fee), Verified, Office.Now)
            .ShouldAcceptOne<AdministrativeActionDecided>();

        decided.Fee.Should().Be(new FeeDetails(1_000_000m, "IDR"));
        decided.Detention.Should().BeNull();
    }

    [Fact]
    public void a_warning_may_be_given_before_the_identity_is_verified()
    {
        var decision = CaseDecisions.Decide(Commands.WarningInIndonesian(), Unverified, Office.Now);

        decision.ShouldAcceptOne<AdministrativeActionDecided>().Type.Should().Be(ActionType.Warning);
    }

    [Fact]
    public void no_action_may_be_decided_before_the_identity_is_verified()
    {
        var decision = CaseDecisions.Decide(Commands.NoAction(), Unverified, Office.Now);

        decision.ShouldAcceptOne<AdministrativeActionDecided>().Type.Should().Be(ActionType.NoAction);
    }

    [Theory]
    [MemberData(nameof(EveryTypeButWarningAndNoAction))]
    public void any_other_action_waits_until_the_identity_is_verified(ActionType type)
    {
        var decision = CaseDecisions.Decide(Commands.FullyEvidenced(type), Unverified, Office.Now);

        decision.ShouldRefuse(RefusalReason.StateConflict);
    }

    [Fact]
    public void an_unverified_case_refuses_a_deportation_for_its_state_before_weighing_its_evidence()
    {
        var bare = Commands.FullyEvidenced(ActionType.Deportation) with { DecisionNumber = null, Safeguards = Safeguards.None };

        CaseDecisions.Decide(bare, Unverified, Office.Now).ShouldRefuse(RefusalReason.StateConflict);
    }

    [Fact]
    public void the_written_decision_is_dated_now_when_no_date_is_given()
    {
        var decided = CaseDecisions.Decide(Commands.FullyEvidenced(ActionType.Warning) with { DecidedAt = null }, Verified, Office.Now)
            .ShouldAcceptOne<AdministrativeActionDecided>();

        decided.DecidedAt.Should().Be(Office.Now);
        decided.RecordedAt.Should().Be(Office.Now);
    }

    [Fact]
    public void a_decision_written_earlier_keeps_its_date_and_is_recorded_now()
    {
        var writtenOnSaturday = Office.At(2025, 7, 12, 11, 0);

        var decided = CaseDecisions.Decide(Commands.FullyEvidenced(ActionType.PlaceBan) with { DecidedAt = writtenOnSaturday }, Verified, Office.Now)
            .ShouldAcceptOne<AdministrativeActionDecided>();

        decided.DecidedAt.Should().Be(writtenOnSaturday);
        decided.RecordedAt.Should().Be(Office.Now);
    }

    [Fact]
    public void a_decision_dated_this_very_moment_is_not_in_the_future()
    {
        var decision = CaseDecisions.Decide(Commands.FullyEvidenced(ActionType.Warning) with { DecidedAt = Office.Now }, Verified, Office.Now);

        decision.ShouldAcceptOne<AdministrativeActionDecided>().DecidedAt.Should().Be(Office.Now);
    }

    [Fact]
    public void a_recorded_decision_stands_in_the_case_with_no_objection_or_review_yet()
    {
        var decided = CaseDecisions.Decide(Commands.FullyEvidenced(ActionType.Deportation), Verified, Office.Now)
            .ShouldAcceptOne<AdministrativeActionDecided>();

        var state = Verified.Then(decided);

        state.FindAction(TheCase.NewDecision).Should().BeEquivalentTo(new
        {
            DecisionId = TheCase.NewDecision,
            Type = ActionType.Deportation,
            DecidedAt = Office.Now,
            DecidedBy = People.Investigator.UserId,
            LegalBasis = new[] { "UU 6/2011 Pasal 75 ayat (2) huruf f", "UU 6/2011 Pasal 78 ayat (3)" },
            Reversed = false,
            Objection = (Objection?)null,
            Reviews = Array.Empty<Review>(),
        });
        state.Status.Should().Be(CaseStatus.ActionTaken);
    }

    [Fact]
    public void a_second_decision_stands_beside_the_first()
    {
        var state = Verified.Then(Happened.Decided(TheCase.Warning, ActionType.Warning));

        var decided = CaseDecisions.Decide(Commands.FullyEvidenced(ActionType.Deportation), state, Office.Now)
            .ShouldAcceptOne<AdministrativeActionDecided>();

        state.Then(decided).Actions.Select(a => a.DecisionId).Should().Equal(TheCase.Warning, TheCase.NewDecision);
    }

    [Fact]
    public void a_closed_case_takes_no_new_decision()
    {
        var state = Verified.Then(Happened.Closed());

        CaseDecisions.Decide(Commands.FullyEvidenced(ActionType.Deportation), state, Office.Now).ShouldRefuse(RefusalReason.StateConflict);
    }
}
