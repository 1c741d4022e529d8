using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Clocks;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine;
using Wolverine.Http;

namespace Timpora.Api.Cases.Deciding;

public sealed record AlternativeRequest(string? Measure, string? RejectedBecause);

public sealed record NonRefoulementRequest(string? Destination, bool? RiskAssessed, string? AssessedBy, string? Conclusion);

public sealed record SafeguardsRequest(
    IReadOnlyList<AlternativeRequest?>? AlternativesConsidered,
    IReadOnlyList<Vulnerability>? Vulnerabilities,
    string? InformedInLanguage,
    bool? InterpreterProvided,
    bool? ObjectionRightNotified,
    ConsularAccess? ConsularAccess,
    DateTimeOffset? ConsularNotifiedAt,
    NonRefoulementRequest? NonRefoulement);

public sealed record FeeRequest(decimal? Amount, string? Currency);

public sealed record DetentionRequest(string? Place, DateTimeOffset? StartsAt, DateTimeOffset? ReviewBy);

/// <summary>
/// An administrative action (Tindakan Administratif Keimigrasian), or the decision to take none. The form is
/// checked here (400); whether the decision carries what the safeguards require is the domain's rule (422).
/// </summary>
public sealed record DecideActionRequest(
    ActionType? Type,
    IReadOnlyList<string?>? LegalBasis,
    string? DecisionNumber,
    DateTimeOffset? DecidedAt,
    string? Justification,
    SafeguardsRequest? Safeguards,
    FeeRequest? Fee,
    DetentionRequest? Detention)
{
    public Validation Validate()
    {
        var errors = new Validation()
            .Required("type", Type)
            .Text("decisionNumber", DecisionNumber)
            .Text("justification", Justification, Validation.LongText);
        for (var i = 0; i < (LegalBasis?.Count ?? 0); i++) errors.Text($"legalBasis[{i}]", LegalBasis![i]);

        if (Safeguards is { } safeguards)
        {
            errors.Text("safeguards.informedInLanguage", safeguards.InformedInLanguage, 35);
            for (var i = 0; i < (safeguards.AlternativesConsidered?.Count ?? 0); i++)
            {
                var alternative = safeguards.AlternativesConsidered![i];
                errors.RequiredText($"safeguards.alternativesConsidered[{i}].measure", alternative?.Measure)
                    .RequiredText($"safeguards.alternativesConsidered[{i}].rejectedBecause", alternative?.RejectedBecause, Validation.LongText);
            }

            if (safeguards.NonRefoulement is { } assessment)
                errors.Nationality("safeguards.nonRefoulement.destination", assessment.Destination)
                    .Text("safeguards.nonRefoulement.assessedBy", assessment.AssessedBy)
                    .Text("safeguards.nonRefoulement.conclusion", assessment.Conclusion, Validation.LongText);
        }

        if (Fee?.Currency is { } currency) errors.Text("fee.currency", currency, 3);
        if (Detention?.Place is { } place) errors.Text("detention.place", place);
        return errors;
    }

    public DecideAction ToCommand(Guid caseId, Guid decisionId, Actor actor) => new(
        caseId,
        decisionId,
        Type!.Value,
        (LegalBasis ?? []).Where(b => b is not null).Select(b => b!.Trim()).ToList(),
        DecisionNumber?.Trim(),
        DecidedAt,
        Justification,
        Safeguards is { } s
            ? new Safeguards(
                (s.AlternativesConsidered ?? []).Select(a => new AlternativeConsidered(a!.Measure!, a.RejectedBecause!)).ToList(),
                s.Vulnerabilities ?? [],
                s.InformedInLanguage?.Trim(),
                s.InterpreterProvided,
                s.ObjectionRightNotified ?? false,
                s.ConsularAccess,
                s.ConsularNotifiedAt,
                s.NonRefoulement is { } n
                    ? new NonRefoulementAssessment(n.Destination?.ToUpperInvariant(), n.RiskAssessed ?? false, n.AssessedBy, n.Conclusion)
                    : null)
            : Timpora.Cases.Safeguards.None,
        Fee is null ? null : new FeeDetails(Fee.Amount ?? 0, Fee.Currency ?? ""),
        Detention is null ? null : new DetentionDetails(Detention.Place, Detention.StartsAt, Detention.ReviewBy),
        actor);
}

public static class DecideActionEndpoint
{
    [WolverinePost("/api/cases/{id}/actions", OperationId = "decideAction")]
    [Tags("Decisions")]
    [ProducesResponseType<ActionRecorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static Task<IResult> Post(Guid id, DecideActionRequest? request, HttpContext http, IDocumentSession session, IMessageContext messaging,
        OfficeClock clock, LegalClockScheduler clocks)
    {
        // A detention starts the clock of its review date.
        clocks.Watch(session, messaging);
        var decisionId = Guid.CreateVersion7();
        return session.Decide(http, id, Permission.Investigate, Validation.Of(request, r => r.Validate()),
            (actor, state) => CaseDecisions.Decide(request!.ToCommand(id, decisionId, actor), state, clock.Now),
            version => TypedResults.Created($"/api/cases/{id}", new ActionRecorded(id, decisionId, version)));
    }
}
