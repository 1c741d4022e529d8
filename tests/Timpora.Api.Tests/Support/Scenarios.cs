using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Timpora.Api.Security;

namespace Timpora.Api.Tests.Support;

/// <summary>Scenario helpers: act as a user, open and advance cases over HTTP, read streams back.</summary>
public static class Scenarios
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static AuthOptions Auth(this IAlbaHost host) => host.Services.GetRequiredService<IOptions<AuthOptions>>().Value;

    public static object Sighting(string regency = "Soppeng", string? name = "Li Wei", string nationality = "CHN", Guid? id = null,
        string? passportNumber = "E12345678") => new
    {
        id,
        observedAt = "2025-07-09T08:30:00+08:00",
        location = new { province = "Sulawesi Selatan", regency, district = "Lalabata", village = "Lemba", latitude = -4.35, longitude = 119.88 },
        subject = new { name, nationality, passportNumber, sex = "male", approximateAge = 35, description = "wears a yellow hard hat" },
        activity = "working at a construction site",
        channel = "fieldTeam",
    };

    public static async Task<JsonElement> PostJson(this IAlbaHost host, User user, string url, object body, int expectedStatus,
        string? ifMatch = null)
    {
        var token = user.TokenFor(host.Auth());
        var result = await host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl(url);
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            if (ifMatch is not null) s.WithRequestHeader("If-Match", ifMatch);
            s.StatusCodeShouldBe(expectedStatus);
        });
        var text = await result.ReadAsTextAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJson(this IAlbaHost host, User user, string url, int expectedStatus = 200)
    {
        var token = user.TokenFor(host.Auth());
        var result = await host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.StatusCodeShouldBe(expectedStatus);
        });
        var text = await result.ReadAsTextAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Opens a case as the reporter would and returns its id.</summary>
    public static async Task<Guid> ReportedCase(this IAlbaHost host, User? by = null, string regency = "Soppeng", string? name = "Li Wei")
    {
        var opened = await host.PostJson(by ?? Users.Investigator, "/api/cases", Sighting(regency, name), 201);
        return opened.GetProperty("id").GetGuid();
    }

    public static object Verification(string finding = "permitMisuse", string expiresOn = "2025-06-30") => new
    {
        identity = new { fullName = "Li Wei", nationality = "CHN", passportNumber = "E12345678", dateOfBirth = "1988-02-01", sex = "male" },
        permit = new { type = "visit", number = "B211A-0001", expiresOn, sponsor = "PT Maju Jaya" },
        finding,
        watchlistHit = false,
    };

    public static async Task<Guid> VerifiedCase(this IAlbaHost host, string regency = "Soppeng")
    {
        var id = await host.ReportedCase(regency: regency);
        await host.PostJson(Users.Investigator, $"/api/cases/{id}/verification", Verification(), 200);
        return id;
    }

    public static async Task<IReadOnlyList<JasperFx.Events.IEvent>> Stream(this IAlbaHost host, Guid id)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.FetchStreamAsync(id);
    }

    public static async Task<long> Version(this IAlbaHost host, Guid id)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamStateAsync(id))?.Version ?? 0;
    }

    /// <summary>
    /// Posts whatever answer comes back, for tests about statuses and headers. No user means no token;
    /// <paramref name="with"/> adds headers such as <c>If-Match</c> or <c>X-Correlation-Id</c>.
    /// </summary>
    public static Task<Reply> Post(this IAlbaHost host, User? user, string url, object body, Action<Scenario>? with = null) =>
        host.Send(user, url, s => s.Post.Json(body).ToUrl(url), with);

    /// <summary>Posts a body exactly as written, for bodies no serializer would produce.</summary>
    public static Task<Reply> PostRaw(this IAlbaHost host, User? user, string url, string json, Action<Scenario>? with = null) =>
        host.Send(user, url, s => s.Post.RawJson(json).ToUrl(url), with);

    private static async Task<Reply> Send(this IAlbaHost host, User? user, string url, Action<Scenario> request, Action<Scenario>? with)
    {
        var token = user?.TokenFor(host.Auth());
        var result = await host.Scenario(s =>
        {
            request(s);
            if (token is not null) s.WithRequestHeader("Authorization", $"Bearer {token}");
            with?.Invoke(s);
            s.IgnoreStatusCode();
        });
        var response = result.Context.Response;
        return new Reply(response.StatusCode, response.ContentType, response.Headers, await result.ReadAsTextAsync());
    }

    /// <summary>Every error is problem details with a type, title, status and detail, and never a stack trace.</summary>
    public static JsonElement ShouldBeProblem(this Reply reply, int status)
    {
        reply.Status.Should().Be(status, "the answer was {0}", reply.Text);
        reply.ContentType.Should().StartWith("application/problem+json");
        var problem = reply.Json;
        problem.GetProperty("type").GetString().Should().NotBeNullOrWhiteSpace();
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        problem.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
        problem.GetProperty("status").GetInt32().Should().Be(status);
        reply.Text.Should().NotContain("   at ", "a stack trace never leaves the service");
        return problem;
    }

    /// <summary>The fields a 400 or 422 names under <c>errors</c>.</summary>
    public static IReadOnlyList<string> ErrorFields(this JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(field => field.Name).ToList();

    /// <summary>A sighting as a JSON tree, so a test can spoil one field of it.</summary>
    public static JsonObject SightingJson(Guid? id = null) =>
        JsonSerializer.SerializeToNode(Sighting(id: id), Json)!.AsObject();

    public static object AdditionalSighting(string village = "Ganra") => new
    {
        observedAt = "2025-07-12T17:05:00+08:00",
        location = new { province = "Sulawesi Selatan", regency = "Soppeng", district = "Lalabata", village, latitude = -4.34, longitude = 119.89 },
        subject = new { name = "Li Wei", nationality = "CHN", sex = "male", approximateAge = 35, description = "same yellow hard hat" },
        activity = "buying cement",
        channel = "hotline",
    };

    public static object Assignment(string investigatorId = "inv-rina") => new { investigatorId };

    public static object Referral(string toAgency = "DISNAKER") => new
    {
        toAgency,
        reason = "works at a construction site without a work permit (RPTKA)",
        dueBy = "2025-07-23",
    };

    public static object Answer(string outcome = "answered", string findings = "No RPTKA for PT Maju Jaya; the employer was warned.") =>
        new { outcome, findings };

    public static object Warning() => new
    {
        type = "warning",
        legalBasis = new[] { "UU 6/2011 Pasal 75 ayat (1)" },
        justification = "First sighting at work on a visit visa; warned in writing.",
        safeguards = new { informedInLanguage = "id", objectionRightNotified = true },
    };

    /// <summary>A deportation carrying every safeguard; a test leaves out what it wants refused.</summary>
    public static object Deportation(string? decisionNumber = "W23.IMI.2-GR.04.01-0123", bool assessed = true, string[]? vulnerabilities = null) => new
    {
        type = "deportation",
        legalBasis = new[] { "UU 6/2011 Pasal 75 ayat (2) huruf f" },
        decisionNumber,
        justification = "Worked for three months on a visit visa and overstayed by nine days.",
        safeguards = new
        {
            alternativesConsidered = new[] { new { measure = "residenceObligation", rejectedBecause = "no fixed address in Soppeng" } },
            vulnerabilities = vulnerabilities ?? [],
            informedInLanguage = "zh",
            interpreterProvided = true,
            objectionRightNotified = true,
            consularAccess = "notified",
            consularNotifiedAt = "2025-07-10T09:00:00+08:00",
            nonRefoulement = assessed
                ? new { destination = "CHN", riskAssessed = true, assessedBy = "Kasi Inteldakim", conclusion = "no risk of persecution" }
                : null,
        },
    };

    public static object Review(string verdict = "compliant") => new
    {
        verdict,
        findings = new[] { new { criterion = "proportionality", note = "milder measures considered and reasoned" } },
    };

    public static object Note(string text = "The employer says a work permit was applied for.") => new { text };

    public static object Closure(string reason = "resolved") => new { reason, note = "deported on 2025-07-20" };

    public static object Reopening(string reason = "seen again in Lemba after the deportation") => new { reason };

    /// <summary>A verified case referred to an agency; returns the case and the referral.</summary>
    public static async Task<(Guid Id, Guid ReferralId)> ReferredCase(this IAlbaHost host, string toAgency = "DISNAKER")
    {
        var id = await host.VerifiedCase();
        var referred = await host.PostJson(Users.Investigator, $"/api/cases/{id}/referrals", Referral(toAgency), 201);
        return (id, referred.GetProperty("referralId").GetGuid());
    }

    /// <summary>A verified case with a deportation decided; returns the case and the decision.</summary>
    public static async Task<(Guid Id, Guid DecisionId)> DecidedCase(this IAlbaHost host)
    {
        var id = await host.VerifiedCase();
        var decided = await host.PostJson(Users.Investigator, $"/api/cases/{id}/actions", Deportation(), 201);
        return (id, decided.GetProperty("decisionId").GetGuid());
    }

    public static async Task Close(this IAlbaHost host, Guid id) =>
        await host.PostJson(Users.Investigator, $"/api/cases/{id}/closure", Closure(), 200);
}

/// <summary>What came back: status, headers and body, whatever they are.</summary>
public sealed record Reply(int Status, string? ContentType, IHeaderDictionary Headers, string Text)
{
    public JsonElement Json => JsonDocument.Parse(Text).RootElement.Clone();

    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? values.ToString() : null;

    public bool IsSuccess => Status is >= 200 and < 300;
}
