using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Verifying;

public sealed record IdentityRequest(string? FullName, string? Nationality, string? PassportNumber, DateOnly? DateOfBirth, Sex? Sex);

public sealed record PermitRequest(StayPermitType? Type, string? Number, DateOnly? ExpiresOn, string? Sponsor);

/// <summary>Immigration checks the person's documents; the summary then shows the finding and any overstay.</summary>
public sealed record VerifyIdentityRequest(
    IdentityRequest? Identity, PermitRequest? Permit, VerificationFinding? Finding, bool? WatchlistHit, string? Notes)
{
    public Validation Validate(DateOnly today)
    {
        var errors = new Validation()
            .Required("identity", Identity)
            .Required("permit", Permit)
            .Required("finding", Finding)
            .Text("notes", Notes, Validation.LongText);
        if (Identity is not null)
        {
            errors.RequiredText("identity.fullName", Identity.FullName)
                .Nationality("identity.nationality", Identity.Nationality, required: true)
                .Text("identity.passportNumber", Identity.PassportNumber);
            if (Identity.DateOfBirth > today) errors.Add("identity.dateOfBirth", "Cannot be in the future.");
        }

        if (Permit is not null)
            errors.Required("permit.type", Permit.Type)
                .Text("permit.number", Permit.Number)
                .Text("permit.sponsor", Permit.Sponsor);
        return errors;
    }

    public VerifyIdentity ToCommand(Guid caseId, Actor actor) => new(
        caseId,
        new VerifiedIdentity(Identity!.FullName!.Trim(), Identity.Nationality!.ToUpperInvariant(),
            Identity.PassportNumber?.Trim().ToUpperInvariant(), Identity.DateOfBirth, Identity.Sex ?? Sex.Unknown),
        new StayPermit(Permit!.Type!.Value, Permit.Number, Permit.ExpiresOn, Permit.Sponsor),
        Finding!.Value,
        WatchlistHit ?? false,
        Notes,
        actor);
}

public static class VerifyIdentityEndpoint
{
    [WolverinePost("/api/cases/{id}/verification", OperationId = "verifyIdentity")]
    [Tags("Cases")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, VerifyIdentityRequest? request, HttpContext http, IDocumentSession session, OfficeClock clock)
    {
        var now = clock.Now;
        return session.Decide(http, id, Permission.Investigate, Validation.Of(request, r => r.Validate(clock.Today)),
            (actor, state) => CaseDecisions.Decide(request!.ToCommand(id, actor), state, now),
            version => TypedResults.Ok(new CaseWritten(id, version)));
    }
}
