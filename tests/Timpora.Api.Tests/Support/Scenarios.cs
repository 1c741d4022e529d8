using System.Text.Json;
using Alba;
using Marten;
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
}
