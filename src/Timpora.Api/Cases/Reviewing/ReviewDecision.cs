using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Reviewing;

public sealed record CriterionFindingRequest(string? Criterion, string? Note);

/// <summary>An auditor reviews a decision against the human-rights criteria.</summary>
public sealed record ReviewDecisionRequest(ReviewVerdict? Verdict, IReadOnlyList<CriterionFindingRequest?>? Findings)
{
    public Validation Validate()
    {
        var errors = new Validation().Required("verdict", Verdict);
        for (var i = 0; i < (Findings?.Count ?? 0); i++)
        {
            var finding = Findings![i];
            if (finding is null) { errors.Add($"findings[{i}]", "Required."); continue; }
            if (string.IsNullOrWhiteSpace(finding.Criterion)) errors.Add($"findings[{i}].criterion", "Required.");
            else if (!ReviewCriteria.IsKnown(finding.Criterion))
                errors.Add($"findings[{i}].criterion", $"One of {string.Join(", ", ReviewCriteria.All)}.");
            errors.Text($"findings[{i}].note", finding.Note, Validation.LongText);
        }

        return errors;
    }

    public IReadOnlyList<CriterionFinding> ToFindings() =>
        (Findings ?? []).Select(f => new CriterionFinding(f!.Criterion!, f.Note)).ToList();
}

public static class ReviewDecisionEndpoint
{
    [WolverinePost("/api/cases/{id}/actions/{decisionId}/reviews", OperationId = "reviewDecision")]
    [Tags("Decisions")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(Guid id, Guid decisionId, ReviewDecisionRequest? request, HttpContext http, IDocumentSession session, OfficeClock clock) =>
        session.Decide(http, id, Permission.ReviewDecision, Validation.Of(request, r => r.Validate()),
            (actor, state) => CaseDecisions.Decide(new ReviewDecision(id, decisionId, request!.Verdict!.Value, request.ToFindings(), actor), state, clock.Now),
            version => TypedResults.Created($"/api/cases/{id}", new CaseWritten(id, version)));
}
