using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Reviewing;

public sealed record CriterionFindingRequest([property: Required] string? Criterion, string? Note);

/// <summary>An auditor reviews a decision against the human-rights criteria.</summary>
public sealed record ReviewDecisionRequest([property: Required] ReviewVerdict? Verdict, IReadOnlyList<CriterionFindingRequest?>? Findings)
{
    public Validated<ReviewDecision> ToCommand(Guid caseId, Guid decisionId, Actor by) => Validation.Command(check =>
        new ReviewDecision(caseId, decisionId, check.Required("verdict", Verdict),
            check.Each("findings", Findings, (path, finding) => new CriterionFinding(
                Criterion(check, $"{path}.criterion", finding.Criterion), check.Text($"{path}.note", finding.Note, Validation.LongText))),
            by));

    private static string Criterion(Validation check, string path, string? criterion)
    {
        var name = check.RequiredText(path, criterion);
        if (name.Length > 0 && !ReviewCriteria.IsKnown(name)) check.Add(path, $"One of {string.Join(", ", ReviewCriteria.All)}.");
        return name;
    }
}

public static class ReviewDecisionEndpoint
{
    [WolverinePost("/api/cases/{id}/actions/{decisionId}/reviews", OperationId = "reviewDecision")]
    [Tags("Decisions")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(Guid id, Guid decisionId, ReviewDecisionRequest? request, CaseWriter cases) =>
        cases.Decide(id, request, (r, issued) => r.ToCommand(id, decisionId, issued.By), Reviewed);

    private static IResult Reviewed(Written<ReviewDecision> written) =>
        TypedResults.Created($"/api/cases/{written.Command.CaseId}", new CaseWritten(written.Command.CaseId, written.Version));
}
