using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Verifying;

public sealed record IdentityRequest([property: Required] string? FullName, [property: Required] string? Nationality, string? PassportNumber, DateOnly? DateOfBirth, Sex? Sex)
{
    public VerifiedIdentity Read(Validation check, DateOnly today)
    {
        if (DateOfBirth > today) check.Add("identity.dateOfBirth", "Cannot be in the future.");
        return new VerifiedIdentity(
            check.RequiredText("identity.fullName", FullName).Trim(),
            check.RequiredNationality("identity.nationality", Nationality),
            check.Text("identity.passportNumber", PassportNumber)?.Trim().ToUpperInvariant(),
            DateOfBirth,
            Sex ?? Timpora.Cases.Sex.Unknown);
    }
}

public sealed record PermitRequest([property: Required] StayPermitType? Type, string? Number, DateOnly? ExpiresOn, string? Sponsor)
{
    public StayPermit Read(Validation check) => new(
        check.Required("permit.type", Type), check.Text("permit.number", Number), ExpiresOn, check.Text("permit.sponsor", Sponsor));
}

/// <summary>Immigration checks the person's documents; the summary then shows the finding and any overstay.</summary>
public sealed record VerifyIdentityRequest(
    [property: Required] IdentityRequest? Identity, [property: Required] PermitRequest? Permit, [property: Required] VerificationFinding? Finding, bool? WatchlistHit, string? Notes)
{
    public Validated<VerifyIdentity> ToCommand(Guid caseId, Issued issued) => Validation.Command(check => new VerifyIdentity(
        caseId,
        check.Required("identity", Identity, identity => identity.Read(check, issued.Today)),
        check.Required("permit", Permit, permit => permit.Read(check)),
        check.Required("finding", Finding),
        WatchlistHit ?? false,
        check.Text("notes", Notes, Validation.LongText),
        issued.By));
}

public static class VerifyIdentityEndpoint
{
    [WolverinePost("/api/cases/{id}/verification", OperationId = "verifyIdentity")]
    [Tags("Cases")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, VerifyIdentityRequest? request, CaseWriter cases) =>
        cases.Decide(id, request, (r, issued) => r.ToCommand(id, issued));
}
