using System.Text.Json;
using Alba;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Timpora.Api.Tests.Support;

/// <summary>Steps that feed the read models, over HTTP as users take them, and waiting on the async daemon.</summary>
public static class ReadModelScenarios
{
    /// <summary>Waits until the async daemon has applied every event appended so far: no sleeping, no polling loops here.</summary>
    public static Task ProjectionsCaughtUp(this IAlbaHost host) => host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

    public static async Task<Guid> Referred(this IAlbaHost host, Guid caseId, string agency, DateOnly dueBy)
    {
        var referral = await host.PostJson(Users.Investigator, $"/api/cases/{caseId}/referrals",
            new { toAgency = agency, reason = "Please check the employer.", dueBy = dueBy.ToString("yyyy-MM-dd") }, 201);
        return referral.GetProperty("referralId").GetGuid();
    }

    public static Task Answered(this IAlbaHost host, Guid caseId, Guid referralId, string outcome = "answered") =>
        host.PostJson(Users.Supervisor, $"/api/cases/{caseId}/referrals/{referralId}/answer", new { outcome, findings = "Checked." }, 200);

    public static async Task<Guid> Decided(this IAlbaHost host, Guid caseId, string type = "warning")
    {
        var decided = await host.PostJson(Users.Investigator, $"/api/cases/{caseId}/actions", new
        {
            type,
            legalBasis = new[] { "UU 6/2011 Pasal 75 ayat (2)" },
            decisionNumber = "W23.IMI.2-GR.01-0001",
            justification = "Worked on a visit permit.",
            safeguards = new { informedInLanguage = "id", objectionRightNotified = true },
            fee = type == "fee" ? new { amount = 1_000_000, currency = "IDR" } : null,
        }, 201);
        return decided.GetProperty("decisionId").GetGuid();
    }

    public static Task Reviewed(this IAlbaHost host, Guid caseId, Guid decisionId, string verdict) =>
        host.PostJson(Users.Auditor, $"/api/cases/{caseId}/actions/{decisionId}/reviews",
            new { verdict, findings = new[] { new { criterion = "legality", note = "On file." } } }, 201);

    public static async Task<Guid> VerifiedAs(this IAlbaHost host, string regency, string nationality, string finding, string passport = "E12345678",
        string name = "Li Wei")
    {
        var opened = await host.PostJson(Users.Investigator, "/api/cases", Scenarios.Sighting(regency, name, nationality, passportNumber: null), 201);
        var id = opened.GetProperty("id").GetGuid();
        await host.PostJson(Users.Investigator, $"/api/cases/{id}/verification", new
        {
            identity = new { fullName = name, nationality, passportNumber = passport, dateOfBirth = "1988-02-01", sex = "male" },
            permit = new { type = "visit", expiresOn = "2025-06-30" },
            finding,
            watchlistHit = false,
        }, 200);
        return id;
    }

    /// <summary>Every document of a read model, as stored JSON ordered by id: two equal lists mean two equal views.</summary>
    public static async Task<IReadOnlyList<string>> StoredDocuments<T>(this IAlbaHost host) where T : notnull
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var documents = await session.Query<T>().ToListAsync();
        return documents.Select(d => JsonSerializer.Serialize(d, Scenarios.Json)).Order(StringComparer.Ordinal).ToList();
    }
}
