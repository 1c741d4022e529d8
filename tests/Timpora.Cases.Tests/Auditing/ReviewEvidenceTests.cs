using Timpora.Cases.Tests.Given;

namespace Timpora.Cases.Tests.Auditing;

/// <summary>Which of the ten criteria the record of a decision already covers, judged only from what is stored.</summary>
public class ReviewEvidenceTests
{
    private static DecisionEvidence Evidence(ActionType type) => DecisionEvidence.Of(Happened.Decided(type: type));

    private static CriteriaCoverage Assess(DecisionEvidence evidence, ObjectionStatus? objection = null, bool detentionReviewMissed = false) =>
        ReviewEvidence.Assess(evidence, objection, detentionReviewMissed);

    [Fact]
    public void every_criterion_lands_in_exactly_one_list()
    {
        foreach (var type in Enum.GetValues<ActionType>())
        {
            var coverage = Assess(Evidence(type));

            coverage.Covered.Concat(coverage.NotCovered).Concat(coverage.NotApplicable).Should().BeEquivalentTo(ReviewCriteria.All, type.ToString());
        }
    }

    [Fact]
    public void a_fully_evidenced_deportation_covers_what_its_record_can_show()
    {
        var coverage = Assess(Evidence(ActionType.Deportation));

        coverage.Covered.Should().Equal(
            ReviewCriteria.Legality, ReviewCriteria.Proportionality, ReviewCriteria.NonRefoulement, ReviewCriteria.Information, ReviewCriteria.ConsularAccess);
        coverage.NotCovered.Should().Equal(ReviewCriteria.NonDiscrimination, ReviewCriteria.Vulnerability, ReviewCriteria.Review);
        coverage.NotApplicable.Should().Equal(ReviewCriteria.Detention, ReviewCriteria.Remedy);
    }

    [Fact]
    public void a_deportation_without_the_written_decision_number_does_not_cover_legality()
    {
        Assess(Evidence(ActionType.Deportation) with { DecisionNumber = null }).NotCovered.Should().Contain(ReviewCriteria.Legality);
    }

    [Fact]
    public void a_warning_needs_no_milder_alternative_nor_a_written_decision()
    {
        var warning = DecisionEvidence.Of(Happened.Decided(type: ActionType.Warning)) with
        {
            DecisionNumber = null,
            Safeguards = Safeguards.None with { InformedInLanguage = "id", ObjectionRightNotified = true },
        };

        var coverage = Assess(warning);

        coverage.Covered.Should().Contain([ReviewCriteria.Legality, ReviewCriteria.Proportionality, ReviewCriteria.Information]);
        coverage.NotApplicable.Should().Contain([ReviewCriteria.NonRefoulement, ReviewCriteria.ConsularAccess, ReviewCriteria.Detention]);
    }

    [Fact]
    public void a_measure_with_no_alternative_recorded_does_not_cover_proportionality()
    {
        var ban = Evidence(ActionType.PlaceBan) with { Safeguards = Commands.FullSafeguards with { AlternativesConsidered = [] } };

        Assess(ban).NotCovered.Should().Contain(ReviewCriteria.Proportionality);
    }

    [Fact]
    public void recorded_vulnerabilities_show_the_screening_was_done()
    {
        var screened = Evidence(ActionType.ResidenceObligation) with { Safeguards = Commands.FullSafeguards with { Vulnerabilities = [Vulnerability.Illness] } };

        Assess(screened).Covered.Should().Contain(ReviewCriteria.Vulnerability);
    }

    [Fact]
    public void information_in_a_foreign_language_needs_the_interpreter_question_answered()
    {
        var unanswered = Evidence(ActionType.StayPermitCancelled) with { Safeguards = Commands.FullSafeguards with { InterpreterProvided = null } };

        Assess(unanswered).NotCovered.Should().Contain(ReviewCriteria.Information);
    }

    [Fact]
    public void consular_access_notified_without_a_time_is_not_covered()
    {
        var untimed = Evidence(ActionType.Deportation) with { Safeguards = Commands.FullSafeguards with { ConsularNotifiedAt = null } };

        Assess(untimed).NotCovered.Should().Contain(ReviewCriteria.ConsularAccess);
    }

    [Fact]
    public void a_complete_detention_covers_the_detention_criterion_until_its_review_is_missed()
    {
        var detention = Evidence(ActionType.Detention);

        Assess(detention).Covered.Should().Contain(ReviewCriteria.Detention);
        Assess(detention, detentionReviewMissed: true).NotCovered.Should().Contain(ReviewCriteria.Detention);
    }

    [Fact]
    public void a_detention_reviewed_later_than_thirty_days_after_its_start_does_not_cover_the_detention_criterion()
    {
        var detention = Evidence(ActionType.Detention) with
        {
            Detention = Commands.DetentionInMakassar with { ReviewBy = Office.At(2025, 8, 14, 9, 0) },
        };

        Assess(detention).NotCovered.Should().Contain(ReviewCriteria.Detention);
    }

    [Fact]
    public void the_review_criterion_is_covered_once_an_objection_is_decided()
    {
        var deportation = Evidence(ActionType.Deportation);

        Assess(deportation, ObjectionStatus.Pending).NotCovered.Should().Contain(ReviewCriteria.Review);
        Assess(deportation, ObjectionStatus.Rejected).Covered.Should().Contain(ReviewCriteria.Review);
        Assess(deportation, ObjectionStatus.Rejected).NotApplicable.Should().Contain(ReviewCriteria.Remedy);
    }

    [Fact]
    public void a_reversal_covers_the_remedy_criterion()
    {
        Assess(Evidence(ActionType.Deportation), ObjectionStatus.Upheld).Covered.Should().Contain([ReviewCriteria.Review, ReviewCriteria.Remedy]);
    }

    [Fact]
    public void no_action_is_judged_on_its_legality_alone()
    {
        var noAction = DecisionEvidence.Of(Happened.Decided(type: ActionType.NoAction)) with { DecisionNumber = null, Safeguards = Safeguards.None };

        var coverage = Assess(noAction);

        coverage.Covered.Should().Equal(ReviewCriteria.Legality);
        coverage.NotCovered.Should().BeEmpty();
    }
}
