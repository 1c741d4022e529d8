using Timpora.Cases.Reviews;
using Timpora.Cases.Tests.Given;

namespace Timpora.Cases.Tests.Projections;

/// <summary>The review queue keeps what happened to a decision; an event delivered twice changes nothing more.</summary>
public sealed class IdempotentReviewQueue
{
    private readonly ReviewQueueProjection _projection = new();

    [Fact]
    public void a_decision_in_the_queue_keeps_its_evidence_and_the_criteria_it_covers()
    {
        var decision = _projection.Create(Happened.Decided());

        decision.Evidence.Should().BeEquivalentTo(DecisionEvidence.Of(Happened.Decided()));
        decision.Coverage().Covered.Should().Contain(ReviewCriteria.NonRefoulement);
        decision.Coverage().NotCovered.Should().Contain(ReviewCriteria.Review);
    }

    [Fact]
    public void an_objection_and_its_outcome_delivered_twice_are_applied_once()
    {
        var filed = _projection.Apply(Happened.ObjectionFiled(), _projection.Create(Happened.Decided()));
        _projection.Apply(Happened.ObjectionFiled(), filed).Should().BeEquivalentTo(filed);

        var upheld = _projection.Apply(Happened.ObjectionDecided(), filed);
        _projection.Apply(Happened.ObjectionDecided(), upheld).Should().BeEquivalentTo(upheld);

        upheld.Reversed.Should().BeTrue();
        upheld.Objection.Should().Be(new ObjectionUnderReview(Office.At(2025, 7, 15, 10, 0), new DateOnly(2025, 7, 29), ObjectionStatus.Upheld, false));
        upheld.Coverage().Covered.Should().Contain([ReviewCriteria.Review, ReviewCriteria.Remedy]);
    }

    [Fact]
    public void the_legal_clocks_events_delivered_twice_are_applied_once()
    {
        var missed = new DetentionReviewMissed(TheCase.Id, TheCase.Detention, Office.At(2025, 8, 13, 9, 0), Office.At(2025, 8, 13, 9, 0), "legal-clock");
        var detained = _projection.Apply(missed, _projection.Create(Happened.DetentionDecided()));
        _projection.Apply(missed, detained).Should().BeEquivalentTo(detained);
        detained.DetentionReviewMissed.Should().BeTrue();
        detained.Coverage().NotCovered.Should().Contain(ReviewCriteria.Detention);

        var overdue = new ObjectionDecisionOverdue(TheCase.Id, TheCase.Deportation, new DateOnly(2025, 7, 29), Office.At(2025, 7, 30, 0, 0), "legal-clock");
        var late = _projection.Apply(overdue, _projection.Apply(Happened.ObjectionFiled(), _projection.Create(Happened.Decided())));
        _projection.Apply(overdue, late).Should().BeEquivalentTo(late);
        late.Objection!.Overdue.Should().BeTrue();
    }
}
