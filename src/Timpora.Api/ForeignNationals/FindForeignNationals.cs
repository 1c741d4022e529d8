using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.ForeignNationals;
using Wolverine.Http;

namespace Timpora.Api.ForeignNationals;

public sealed record ProfileCase(Guid CaseId, string CaseNumber, CaseStatus Status);

public sealed record ForeignNationalView(string Nationality, string PassportNumber, IReadOnlyList<string> Names, IReadOnlyList<ProfileCase> Cases);

/// <summary>Every case a person (nationality + passport number) has been in, and every name they used.</summary>
public static class FindForeignNationalsEndpoint
{
    private const int MaximumProfiles = 200;

    [WolverineGet("/api/foreign-nationals", OperationId = "findForeignNationals")]
    [Tags("Foreign nationals")]
    [ProducesResponseType<IReadOnlyList<ForeignNationalView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string? nationality, string? passportNumber, HttpContext http, IQuerySession session)
    {
        var user = CurrentUser.From(http.User);
        if (user.ActingFor(Permission.ReadProjections) is null) return Problems.Forbidden("Your role may not read profiles.");

        var validation = new Validation();
        validation.Text("passportNumber", passportNumber);
        validation.Nationality("nationality", nationality);
        if (nationality is null && string.IsNullOrWhiteSpace(passportNumber))
            validation.Add("passportNumber", "Give a passport number, a nationality, or both.");
        if (!validation.IsValid) return validation.Problem();

        var query = session.Query<ForeignNationalProfile>().AsQueryable();
        if (nationality is not null)
        {
            var code = nationality.ToUpperInvariant();
            query = query.Where(p => p.Nationality == code);
        }

        if (!string.IsNullOrWhiteSpace(passportNumber))
        {
            var passport = passportNumber.Trim().ToUpperInvariant();
            query = query.Where(p => p.PassportNumber == passport);
        }

        var profiles = await query.OrderBy(p => p.Id).Take(MaximumProfiles).ToListAsync(http.RequestAborted);
        var cases = (await session.LoadManyAsync<Case>(http.RequestAborted, profiles.SelectMany(p => p.CaseIds).Distinct()))
            .Where(user.CanSee).ToDictionary(c => c.Id);
        return TypedResults.Ok(profiles.Where(p => p.CaseIds.Any(cases.ContainsKey)).Select(p => new ForeignNationalView(
            p.Nationality, p.PassportNumber, p.Names,
            p.CaseIds.Where(cases.ContainsKey).Select(id => cases[id]).Select(c => new ProfileCase(c.Id, c.CaseNumber, c.Status)).ToList())).ToList());
    }
}
