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

/// <summary>Every case a person (nationality + passport number) has been in, and every name they used; a page of people.</summary>
public static class FindForeignNationalsEndpoint
{
    private static readonly KeysetOrder ByKey = new("foreign-nationals", ["p.id"], Descending: false, keys => [keys[0]]);

    [WolverineGet("/api/foreign-nationals", OperationId = "findForeignNationals")]
    [Tags("Foreign nationals")]
    [ProducesResponseType<Paged<ForeignNationalView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(
        string? nationality, string? passportNumber, string? page, string? pageSize, string? cursor,
        HttpContext http, IQuerySession session, IDocumentStore store)
    {
        var user = CurrentUser.From(http.User);
        if (user.ActingFor(Permission.ReadProjections) is null) return Problems.Forbidden("Your role may not read profiles.");

        var validation = new Validation();
        validation.Text("passportNumber", passportNumber);
        validation.Nationality("nationality", nationality);
        if (nationality is null && string.IsNullOrWhiteSpace(passportNumber))
            validation.Add("passportNumber", "Give a passport number, a nationality, or both.");
        var request = PageRequest.Read(validation, ByKey.Collection, page, pageSize, cursor);
        if (!validation.IsValid) return validation.Problem();

        var filter = new SqlFilter();
        if (nationality is not null) filter.Where("p.nationality = {0}", nationality.ToUpperInvariant());
        if (!string.IsNullOrWhiteSpace(passportNumber)) filter.Where("p.passport_number = {0}", passportNumber.Trim().ToUpperInvariant());

        var serializer = store.Options.Serializer();
        var profiles = await IndexedPages.TryRead<ForeignNationalProfile>(store, "p.data, p.id", $"{store.Options.Schema.For<ForeignNationalProfile>()} p",
            filter, ByKey, request, reader => (serializer.FromJson<ForeignNationalProfile>(reader, 0), [reader.GetString(1)]), http.RequestAborted);
        if (profiles is null) return Problems.BadCursor();

        // The cases of this page's people only; a person none of whose cases the caller may see is left out of the page.
        var cases = (await session.LoadManyAsync<Case>(http.RequestAborted, profiles.Items.SelectMany(p => p.CaseIds).Distinct()))
            .Where(user.CanSee).ToDictionary(c => c.Id);
        // Names as the cases gave them: a caller who sees only some of a person's cases learns only those cases' names.
        var visible = profiles.Items.Where(p => p.CaseIds.Any(cases.ContainsKey)).Select(p => new ForeignNationalView(
            p.Nationality, p.PassportNumber, p.CaseIds.All(cases.ContainsKey) ? p.Names : p.NamesFrom(cases.ContainsKey),
            [.. p.CaseIds.Where(cases.ContainsKey).Select(id => cases[id]).Select(c => new ProfileCase(c.Id, c.CaseNumber, c.Status))])).ToList();
        return TypedResults.Ok(new Paged<ForeignNationalView>(visible, profiles.Page, profiles.PageSize, profiles.Total, profiles.TotalIsExact, profiles.Next));
    }
}
