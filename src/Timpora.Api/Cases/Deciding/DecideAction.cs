using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Deciding;

public sealed record AlternativeRequest([property: Required] string? Measure, [property: Required] string? RejectedBecause);

public sealed record NonRefoulementRequest(string? Destination, bool? RiskAssessed, string? AssessedBy, string? Conclusion);

public sealed record SafeguardsRequest(
    IReadOnlyList<AlternativeRequest?>? AlternativesConsidered,
    IReadOnlyList<Vulnerability>? Vulnerabilities,
    string? InformedInLanguage,
    bool? InterpreterProvided,
    bool? ObjectionRightNotified,
    ConsularAccess? ConsularAccess,
    DateTimeOffset? ConsularNotifiedAt,
    NonRefoulementRequest? NonRefoulement)
{
    /// <summary>The evidence as given; whether it is enough for the decision is the safeguard rules' judgement (422), not a 400.</summary>
    public Safeguards Read(Validation check) => new(
        Alternatives(check),
        Vulnerabilities ?? [],
        check.Text("safeguards.informedInLanguage", InformedInLanguage, 35)?.Trim(),
        InterpreterProvided,
        ObjectionRightNotified ?? false,
        ConsularAccess,
        ConsularNotifiedAt,
        NonRefoulement is { } assessment
            ? new NonRefoulementAssessment(
                check.Nationality("safeguards.nonRefoulement.destination", assessment.Destination),
                assessment.RiskAssessed ?? false,
                check.Text("safeguards.nonRefoulement.assessedBy", assessment.AssessedBy),
                check.Text("safeguards.nonRefoulement.conclusion", assessment.Conclusion, Validation.LongText))
            : null);

    /// <summary>Each alternative needs the measure and why it was rejected; a missing entry is reported under both.</summary>
    private IReadOnlyList<AlternativeConsidered> Alternatives(Validation check)
    {
        var alternatives = new List<AlternativeConsidered>();
        for (var i = 0; i < (AlternativesConsidered ?? []).Count; i++)
        {
            var alternative = AlternativesConsidered?[i];
            var path = $"safeguards.alternativesConsidered[{i}]";
            alternatives.Add(new AlternativeConsidered(
                check.RequiredText($"{path}.measure", alternative?.Measure),
                check.RequiredText($"{path}.rejectedBecause", alternative?.RejectedBecause, Validation.LongText)));
        }

        return alternatives;
    }
}

public sealed record FeeRequest(decimal? Amount, string? Currency);

public sealed record DetentionRequest(string? Place, DateTimeOffset? StartsAt, DateTimeOffset? ReviewBy);

/// <summary>
/// An administrative action (Tindakan Administratif Keimigrasian), or the decision to take none. The form is
/// checked here (400); whether the decision carries what the safeguards require is the domain's rule (422).
/// </summary>
public sealed record DecideActionRequest(
    [property: Required] ActionType? Type,
    IReadOnlyList<string?>? LegalBasis,
    string? DecisionNumber,
    DateTimeOffset? DecidedAt,
    string? Justification,
    SafeguardsRequest? Safeguards,
    FeeRequest? Fee,
    DetentionRequest? Detention)
{
    public Validated<DecideAction> ToCommand(Guid caseId, Issued issued) => Validation.Command(check => new DecideAction(
        caseId,
        issued.NewId(),
        check.Required("type", Type),
        LegalBases(check),
        check.Text("decisionNumber", DecisionNumber)?.Trim(),
        DecidedAt,
        check.Text("justification", Justification, Validation.LongText),
        Safeguards is { } safeguards ? safeguards.Read(check) : Timpora.Cases.Safeguards.None,
        Fee is { } fee ? new FeeDetails(fee.Amount ?? 0, check.Text("fee.currency", fee.Currency, 3) ?? "") : null,
        Detention is { } detention ? new DetentionDetails(check.Text("detention.place", detention.Place), detention.StartsAt, detention.ReviewBy) : null,
        issued.By));

    /// <summary>The articles the decision rests on, trimmed; empty entries are dropped (the safeguards require at least one).</summary>
    private IReadOnlyList<string> LegalBases(Validation check)
    {
        var bases = new List<string>();
        for (var i = 0; i < (LegalBasis ?? []).Count; i++)
            if (check.Text($"legalBasis[{i}]", LegalBasis?[i]) is { } basis) bases.Add(basis.Trim());
        return bases;
    }
}

/// <summary>A detention starts the legal clock of its review date.</summary>
public static class DecideActionEndpoint
{
    [WolverinePost("/api/cases/{id}/actions", OperationId = "decideAction")]
    [Tags("Decisions")]
    [ProducesResponseType<ActionRecorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static Task<IResult> Post(Guid id, DecideActionRequest? request, CaseWriter cases) =>
        cases.Decide(id, request, (r, issued) => r.ToCommand(id, issued), Recorded);

    private static IResult Recorded(Written<DecideAction> written) =>
        TypedResults.Created($"/api/cases/{written.Command.CaseId}", new ActionRecorded(written.Command.CaseId, written.Command.DecisionId, written.Version));
}
