using Timpora.Cases.Deciding;
using Timpora.Cases.Tests.Given;

namespace Timpora.Cases.Tests;

/// <summary>The table "What a decision must carry" in API.md, row by row.</summary>
public class SafeguardsTests
{
    private static readonly Case Verified = Case.From(Happened.Reported(), Happened.Verified());

    private static Decision Decide(DecideAction command) => CaseDecisions.Decide(command, Verified, Office.Now);

    private static DecideAction Deportation(Func<Safeguards, Safeguards> change)
    {
        var command = Commands.FullyEvidenced(ActionType.Deportation);
        return command with { Safeguards = change(command.Safeguards) };
    }

    private static DecideAction Detention(Func<DetentionDetails, DetentionDetails?> change)
    {
        var command = Commands.FullyEvidenced(ActionType.Detention);
        return command with { Detention = change(command.Detention!) };
    }

    public static TheoryData<ActionType> EveryType => new(Enum.GetValues<ActionType>());

    public static TheoryData<ActionType> EveryTypeButNoAction => new(Enum.GetValues<ActionType>().Where(t => t != ActionType.NoAction));

    public static TheoryData<ActionType> WrittenDecisions => new(
        ActionType.CekalListing, ActionType.StayPermitCancelled, ActionType.StayPermitRestricted, ActionType.StayPermitChanged,
        ActionType.PlaceBan, ActionType.ResidenceObligation, ActionType.Deportation, ActionType.Detention);

    // Every type: legalBasis, justification.

    [Theory]
    [MemberData(nameof(EveryType))]
    public void every_decision_names_its_legal_basis(ActionType type)
    {
        Decide(Commands.FullyEvidenced(type) with { LegalBasis = [] }).ShouldMiss("legalBasis");
    }

    [Fact]
    public void a_blank_legal_basis_is_no_legal_basis()
    {
        Decide(Commands.FullyEvidenced(ActionType.CekalListing) with { LegalBasis = ["UU 6/2011 Pasal 75", " "] }).ShouldMiss("legalBasis");
    }

    [Theory]
    [MemberData(nameof(EveryType))]
    public void every_decision_gives_its_facts_and_reasons(ActionType type)
    {
        Decide(Commands.FullyEvidenced(type) with { Justification = null }).ShouldMiss("justification");
    }

    [Fact]
    public void a_blank_justification_is_no_justification()
    {
        Decide(Commands.FullyEvidenced(ActionType.Fee) with { Justification = "   " }).ShouldMiss("justification");
    }

    [Fact]
    public void no_action_needs_only_a_legal_basis_and_a_justification()
    {
        var decided = Decide(Commands.NoAction()).ShouldAcceptOne<AdministrativeActionDecided>();

        decided.Should().BeEquivalentTo(new
        {
            Type = ActionType.NoAction,
            DecisionNumber = (string?)null,
            Safeguards = Safeguards.None,
            Fee = (FeeDetails?)null,
            Detention = (DetentionDetails?)null,
        });
    }

    [Fact]
    public void no_action_without_legal_basis_or_justification_is_refused_for_both()
    {
        Decide(Commands.NoAction() with { LegalBasis = [], Justification = "" }).ShouldMiss("legalBasis", "justification");
    }

    // Every type but noAction: informedInLanguage, objectionRightNotified, interpreterProvided when not Indonesian.

    [Theory]
    [MemberData(nameof(EveryTypeButNoAction))]
    public void the_person_is_told_in_a_named_language(ActionType type)
    {
        Decide(Commands.FullyEvidenced(type) with { Safeguards = Commands.FullSafeguards with { InformedInLanguage = null } })
            .ShouldMiss("safeguards.informedInLanguage");
    }

    [Theory]
    [MemberData(nameof(EveryTypeButNoAction))]
    public void the_person_is_told_of_the_right_to_object(ActionType type)
    {
        Decide(Commands.FullyEvidenced(type) with { Safeguards = Commands.FullSafeguards with { ObjectionRightNotified = false } })
            .ShouldMiss("safeguards.objectionRightNotified");
    }

    [Theory]
    [MemberData(nameof(EveryTypeButNoAction))]
    public void whether_an_interpreter_was_provided_is_stated_when_the_person_was_not_told_in_indonesian(ActionType type)
    {
        Decide(Commands.FullyEvidenced(type) with { Safeguards = Commands.FullSafeguards with { InformedInLanguage = "ms", InterpreterProvided = null } })
            .ShouldMiss("safeguards.interpreterProvided");
    }

    [Theory]
    [InlineData("id")]
    [InlineData("ID")]
    public void a_person_told_in_indonesian_needs_no_interpreter_question(string language)
    {
        var command = Commands.FullyEvidenced(ActionType.StayPermitCancelled) with
        {
            Safeguards = Commands.FullSafeguards with { InformedInLanguage = language, InterpreterProvided = null },
        };

        Decide(command).ShouldAcceptOne<AdministrativeActionDecided>();
    }

    [Fact]
    public void stating_that_no_interpreter_was_provided_is_a_statement()
    {
        var command = Commands.FullyEvidenced(ActionType.ResidenceObligation) with
        {
            Safeguards = Commands.FullSafeguards with { InformedInLanguage = "ms", InterpreterProvided = false },
        };

        Decide(command).ShouldAcceptOne<AdministrativeActionDecided>();
    }

    [Fact]
    public void a_warning_given_in_indonesian_needs_neither_interpreter_nor_written_decision()
    {
        Decide(Commands.WarningInIndonesian()).ShouldAcceptOne<AdministrativeActionDecided>().Type.Should().Be(ActionType.Warning);
    }

    // cekalListing … detention: decisionNumber.

    [Theory]
    [MemberData(nameof(WrittenDecisions))]
    public void an_action_under_article_76_needs_the_number_of_its_written_decision(ActionType type)
    {
        Decide(Commands.FullyEvidenced(type) with { DecisionNumber = null }).ShouldMiss("decisionNumber");
    }

    [Fact]
    public void a_blank_decision_number_is_no_decision_number()
    {
        Decide(Commands.FullyEvidenced(ActionType.StayPermitChanged) with { DecisionNumber = " " }).ShouldMiss("decisionNumber");
    }

    [Theory]
    [InlineData(ActionType.Fee)]
    [InlineData(ActionType.Warning)]
    [InlineData(ActionType.NoAction)]
    public void a_fee_a_warning_or_no_action_needs_no_decision_number(ActionType type)
    {
        Decide(Commands.FullyEvidenced(type) with { DecisionNumber = null }).ShouldAcceptOne<AdministrativeActionDecided>();
    }

    // deportation

    [Fact]
    public void a_deportation_without_a_non_refoulement_assessment_is_refused()
    {
        Decide(Deportation(s => s with { NonRefoulement = null })).ShouldMiss("safeguards.nonRefoulement");
    }

    [Fact]
    public void a_deportation_needs_the_risk_at_the_destination_assessed()
    {
        Decide(Deportation(s => s with { NonRefoulement = s.NonRefoulement! with { RiskAssessed = false } }))
            .ShouldMiss("safeguards.nonRefoulement.riskAssessed");
    }

    [Fact]
    public void a_deportation_names_its_destination()
    {
        Decide(Deportation(s => s with { NonRefoulement = s.NonRefoulement! with { Destination = null } }))
            .ShouldMiss("safeguards.nonRefoulement.destination");
    }

    [Fact]
    public void a_deportation_names_who_assessed_the_risk()
    {
        Decide(Deportation(s => s with { NonRefoulement = s.NonRefoulement! with { AssessedBy = "" } }))
            .ShouldMiss("safeguards.nonRefoulement.assessedBy");
    }

    [Fact]
    public void an_empty_non_refoulement_assessment_names_each_missing_part()
    {
        Decide(Deportation(s => s with { NonRefoulement = new NonRefoulementAssessment(null, false, null, null) }))
            .ShouldMiss("safeguards.nonRefoulement.riskAssessed", "safeguards.nonRefoulement.destination", "safeguards.nonRefoulement.assessedBy");
    }

    [Fact]
    public void a_deportation_records_consular_access()
    {
        Decide(Deportation(s => s with { ConsularAccess = null, ConsularNotifiedAt = null })).ShouldMiss("safeguards.consularAccess");
    }

    [Theory]
    [InlineData(Vulnerability.Refugee)]
    [InlineData(Vulnerability.AsylumSeeker)]
    public void a_refugee_or_asylum_seeker_is_not_deported_however_complete_the_decision(Vulnerability status)
    {
        Decide(Deportation(s => s with { Vulnerabilities = [Vulnerability.Illness, status] })).ShouldMiss("safeguards.vulnerabilities");
    }

    [Theory]
    [InlineData(Vulnerability.Pregnancy)]
    [InlineData(Vulnerability.Stateless)]
    [InlineData(Vulnerability.TortureSurvivor)]
    public void other_vulnerabilities_do_not_forbid_a_deportation_outright(Vulnerability vulnerability)
    {
        Decide(Deportation(s => s with { Vulnerabilities = [vulnerability] })).ShouldAcceptOne<AdministrativeActionDecided>();
    }

    [Fact]
    public void a_refugee_may_still_be_detained()
    {
        var command = Commands.FullyEvidenced(ActionType.Detention) with
        {
            Safeguards = Commands.FullSafeguards with { Vulnerabilities = [Vulnerability.Refugee] },
        };

        Decide(command).ShouldAcceptOne<AdministrativeActionDecided>();
    }

    [Fact]
    public void a_deportation_with_no_evidence_names_everything_it_lacks()
    {
        var bare = Commands.FullyEvidenced(ActionType.Deportation) with { DecisionNumber = null, Safeguards = Safeguards.None };

        Decide(bare).ShouldMiss(
            "safeguards.informedInLanguage", "safeguards.objectionRightNotified", "decisionNumber",
            "safeguards.nonRefoulement", "safeguards.consularAccess");
    }

    // detention

    [Fact]
    public void a_detention_names_its_place()
    {
        Decide(Detention(d => d with { Place = null })).ShouldMiss("detention.place");
    }

    [Fact]
    public void a_detention_gives_its_start()
    {
        Decide(Detention(d => d with { StartsAt = null })).ShouldMiss("detention.startsAt");
    }

    [Fact]
    public void a_detention_gives_the_date_of_its_review()
    {
        Decide(Detention(d => d with { ReviewBy = null })).ShouldMiss("detention.reviewBy");
    }

    [Fact]
    public void a_detention_without_its_details_names_place_start_and_review()
    {
        Decide(Detention(_ => null)).ShouldMiss("detention.place", "detention.startsAt", "detention.reviewBy");
    }

    [Fact]
    public void a_detention_reviewed_exactly_thirty_days_after_it_starts_is_accepted()
    {
        Decide(Detention(d => d with { ReviewBy = d.StartsAt!.Value.AddDays(30) })).ShouldAcceptOne<AdministrativeActionDecided>();
    }

    [Fact]
    public void a_detention_reviewed_later_than_thirty_days_after_it_starts_is_refused()
    {
        Decide(Detention(d => d with { ReviewBy = d.StartsAt!.Value.AddDays(30).AddMinutes(1) })).ShouldMiss("detention.reviewBy");
    }

    [Fact]
    public void a_detention_reviewed_before_it_starts_is_refused()
    {
        Decide(Detention(d => d with { ReviewBy = d.StartsAt!.Value.AddDays(-1) })).ShouldMiss("detention.reviewBy");
    }

    [Fact]
    public void a_detention_records_the_milder_measures_considered_first()
    {
        var command = Commands.FullyEvidenced(ActionType.Detention) with
        {
            Safeguards = Commands.FullSafeguards with { AlternativesConsidered = [] },
        };

        Decide(command).ShouldMiss("safeguards.alternativesConsidered");
    }

    [Fact]
    public void a_detention_records_consular_access()
    {
        var command = Commands.FullyEvidenced(ActionType.Detention) with
        {
            Safeguards = Commands.FullSafeguards with { ConsularAccess = null, ConsularNotifiedAt = null },
        };

        Decide(command).ShouldMiss("safeguards.consularAccess");
    }

    [Fact]
    public void a_child_is_never_detained_however_complete_the_decision()
    {
        var command = Commands.FullyEvidenced(ActionType.Detention) with
        {
            Safeguards = Commands.FullSafeguards with { Vulnerabilities = [Vulnerability.Child] },
        };

        Decide(command).ShouldMiss("safeguards.vulnerabilities");
    }

    [Fact]
    public void a_child_may_be_given_a_residence_obligation_instead()
    {
        var command = Commands.FullyEvidenced(ActionType.ResidenceObligation) with
        {
            Safeguards = Commands.FullSafeguards with { Vulnerabilities = [Vulnerability.Child] },
        };

        Decide(command).ShouldAcceptOne<AdministrativeActionDecided>();
    }

    [Fact]
    public void a_detention_with_no_evidence_names_everything_it_lacks()
    {
        var bare = Commands.FullyEvidenced(ActionType.Detention) with { DecisionNumber = null, Safeguards = Safeguards.None, Detention = null };

        Decide(bare).ShouldMiss(
            "safeguards.informedInLanguage", "safeguards.objectionRightNotified", "decisionNumber",
            "detention.place", "detention.startsAt", "detention.reviewBy",
            "safeguards.alternativesConsidered", "safeguards.consularAccess");
    }

    // fee

    [Theory]
    [InlineData(0)]
    [InlineData(-500_000)]
    public void a_fee_is_a_positive_amount(int amount)
    {
        Decide(Commands.FullyEvidenced(ActionType.Fee) with { Fee = new FeeDetails(amount, "IDR") }).ShouldMiss("fee.amount");
    }

    [Theory]
    [InlineData("MYR")]
    [InlineData("CNY")]
    [InlineData("USD")]
    public void a_fee_is_charged_in_rupiah(string currency)
    {
        Decide(Commands.FullyEvidenced(ActionType.Fee) with { Fee = new FeeDetails(300_000m, currency) }).ShouldMiss("fee.currency");
    }

    [Fact]
    public void a_fee_without_its_details_names_amount_and_currency()
    {
        Decide(Commands.FullyEvidenced(ActionType.Fee) with { Fee = null }).ShouldMiss("fee.amount", "fee.currency");
    }

    // consularAccess = notified needs consularNotifiedAt.

    [Theory]
    [InlineData(ActionType.Deportation)]
    [InlineData(ActionType.Detention)]
    [InlineData(ActionType.Warning)]
    public void a_consulate_said_to_be_notified_needs_the_time_it_was_notified(ActionType type)
    {
        Decide(Commands.FullyEvidenced(type) with { Safeguards = Commands.FullSafeguards with { ConsularNotifiedAt = null } })
            .ShouldMiss("safeguards.consularNotifiedAt");
    }

    [Theory]
    [InlineData(ConsularAccess.Declined)]
    [InlineData(ConsularAccess.NotApplicable)]
    public void consular_access_declined_or_not_applicable_needs_no_notification_time(ConsularAccess access)
    {
        var command = Deportation(s => s with { ConsularAccess = access, ConsularNotifiedAt = null });

        Decide(command).ShouldAcceptOne<AdministrativeActionDecided>();
    }

    // decidedAt

    [Fact]
    public void a_written_decision_is_never_dated_in_the_future()
    {
        Decide(Commands.FullyEvidenced(ActionType.Deportation) with { DecidedAt = Office.Now.AddMinutes(1) }).ShouldMiss("decidedAt");
    }

    [Fact]
    public void a_decision_dated_in_the_future_is_refused_even_when_it_is_no_action()
    {
        Decide(Commands.NoAction() with { DecidedAt = Office.Now.AddDays(1) }).ShouldMiss("decidedAt");
    }
}
