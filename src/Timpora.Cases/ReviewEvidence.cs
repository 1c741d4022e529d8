using Timpora.Cases.Deciding;

namespace Timpora.Cases;

/// <summary>What the record of a decision holds for an auditor: the written decision and the safeguards evidence.</summary>
public sealed record DecisionEvidence(
    ActionType Type,
    IReadOnlyList<string> LegalBasis,
    string? DecisionNumber,
    string? Justification,
    Safeguards Safeguards,
    DetentionDetails? Detention)
{
    public static DecisionEvidence Of(AdministrativeActionDecided decided) => new(
        decided.Type, decided.LegalBasis, decided.DecisionNumber, decided.Justification, decided.Safeguards, decided.Detention);
}

/// <summary>
/// The ten criteria split three ways for one decision: those its record already evidences, those it does not
/// (the auditor has to look beyond the record, or ask for more), and those that do not arise for this kind of decision.
/// </summary>
public sealed record CriteriaCoverage(IReadOnlyList<string> Covered, IReadOnlyList<string> NotCovered, IReadOnlyList<string> NotApplicable);

/// <summary>
/// Which of the ten review criteria (DOMAIN.md, "Human-rights safeguards") the recorded evidence of a decision covers.
/// A criterion is covered only by something stored; what needs judgement (non-discrimination, whether a screening
/// that found nothing happened at all) stays "not covered" so the auditor's eye goes there.
/// </summary>
public static class ReviewEvidence
{
    public static CriteriaCoverage Assess(DecisionEvidence decision, ObjectionStatus? objection, bool detentionReviewMissed)
    {
        var covered = new List<string>();
        var notCovered = new List<string>();
        var notApplicable = new List<string>();
        foreach (var criterion in ReviewCriteria.All)
        {
            var list = Judge(criterion, decision, objection, detentionReviewMissed) switch
            {
                true => covered,
                false => notCovered,
                null => notApplicable,
            };
            list.Add(criterion);
        }

        return new CriteriaCoverage(covered, notCovered, notApplicable);
    }

    /// <summary>True when the record covers the criterion, false when it does not, null when it does not arise.</summary>
    private static bool? Judge(string criterion, DecisionEvidence decision, ObjectionStatus? objection, bool detentionReviewMissed)
    {
        var safeguards = decision.Safeguards;
        var noAction = decision.Type == ActionType.NoAction;
        return criterion switch
        {
            ReviewCriteria.Legality =>
                decision.LegalBasis.Any(b => !string.IsNullOrWhiteSpace(b))
                && !string.IsNullOrWhiteSpace(decision.Justification)
                && (!SafeguardRules.NeedWrittenDecision.Contains(decision.Type) || !string.IsNullOrWhiteSpace(decision.DecisionNumber)),

            // A warning is the mildest measure there is: nothing milder was there to consider.
            ReviewCriteria.Proportionality => noAction ? null : decision.Type == ActionType.Warning || safeguards.AlternativesConsidered.Count > 0,

            // Nothing stored can show that nationality or religion were not the grounds: that is the auditor's judgement.
            ReviewCriteria.NonDiscrimination => noAction ? null : false,

            // An empty list cannot tell "screened, nothing found" from "never screened".
            ReviewCriteria.Vulnerability => noAction ? null : safeguards.Vulnerabilities.Count > 0,

            ReviewCriteria.NonRefoulement => decision.Type != ActionType.Deportation
                ? null
                : safeguards.NonRefoulement is { RiskAssessed: true } assessment
                  && !string.IsNullOrWhiteSpace(assessment.Destination) && !string.IsNullOrWhiteSpace(assessment.AssessedBy),

            ReviewCriteria.Information => noAction
                ? null
                : !string.IsNullOrWhiteSpace(safeguards.InformedInLanguage) && safeguards.ObjectionRightNotified
                  && (string.Equals(safeguards.InformedInLanguage, SafeguardRules.OfficialLanguage, StringComparison.OrdinalIgnoreCase)
                      || safeguards.InterpreterProvided is not null),

            ReviewCriteria.ConsularAccess =>
                decision.Type is not (ActionType.Deportation or ActionType.Detention) && safeguards.ConsularAccess is null
                    ? null
                    : safeguards.ConsularAccess is ConsularAccess.Declined or ConsularAccess.NotApplicable
                      || (safeguards.ConsularAccess == ConsularAccess.Notified && safeguards.ConsularNotifiedAt is not null),

            // The review route is evidenced once an objection has been decided; until then the auditor checks the notice and the window.
            ReviewCriteria.Review => noAction ? null : objection is ObjectionStatus.Upheld or ObjectionStatus.Rejected,

            ReviewCriteria.Detention => decision.Type != ActionType.Detention
                ? null
                : decision.Detention is { StartsAt: { } startsAt, ReviewBy: { } reviewBy } detention
                  && !string.IsNullOrWhiteSpace(detention.Place)
                  && reviewBy >= startsAt && reviewBy <= startsAt + SafeguardRules.MaximumDetentionReviewInterval
                  && safeguards.AlternativesConsidered.Count > 0
                  && !detentionReviewMissed,

            // A reversal is linked to the decision it reverses through the upheld objection.
            ReviewCriteria.Remedy => objection == ObjectionStatus.Upheld ? true : null,

            _ => throw new ArgumentOutOfRangeException(nameof(criterion), criterion, "Not one of the ten criteria."),
        };
    }
}
