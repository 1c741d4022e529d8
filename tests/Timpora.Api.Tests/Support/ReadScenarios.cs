using System.Globalization;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Http;

namespace Timpora.Api.Tests.Support;

/// <summary>What a request answered: the status, the body (default when empty) and the headers.</summary>
public sealed record Answer(int Status, JsonElement Body, IHeaderDictionary Headers, string? ContentType)
{
    public string? ETag => Headers.ETag.ToString() is { Length: > 0 } tag ? tag : null;

    public string? CorrelationId => Headers[ReadScenarios.CorrelationHeader].ToString() is { Length: > 0 } id ? id : null;
}

/// <summary>Helpers for the read side: requests that keep their headers, and cases moved along their lifecycle over HTTP.</summary>
public static class ReadScenarios
{
    public const string CorrelationHeader = "X-Correlation-Id";
    public const string LegalBasis = "UU 6/2011 Pasal 75 ayat (2) huruf a";

    /// <summary>GET as <paramref name="user"/>, or anonymously when null.</summary>
    public static Task<Answer> Read(this IAlbaHost host, User? user, string url, int expectedStatus = 200, string? correlationId = null) =>
        host.Send(user, expectedStatus, correlationId, s => s.Get.Url(url));

    /// <summary>POST a JSON body as <paramref name="user"/>, optionally naming the request's correlation id.</summary>
    public static Task<Answer> Write(this IAlbaHost host, User user, string url, object body, int expectedStatus, string? correlationId = null) =>
        host.Send(user, expectedStatus, correlationId, s => s.Post.Json(body).ToUrl(url));

    private static async Task<Answer> Send(this IAlbaHost host, User? user, int expectedStatus, string? correlationId, Action<Scenario> request)
    {
        var token = user?.TokenFor(host.Auth());
        var result = await host.Scenario(s =>
        {
            request(s);
            if (token is not null) s.WithRequestHeader("Authorization", $"Bearer {token}");
            if (correlationId is not null) s.WithRequestHeader(CorrelationHeader, correlationId);
            s.StatusCodeShouldBe(expectedStatus);
        });
        var text = await result.ReadAsTextAsync();
        var response = result.Context.Response;
        return new Answer(response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(),
            response.Headers, response.ContentType);
    }

    public static Task<JsonElement> Summary(this IAlbaHost host, Guid id, User? reader = null) =>
        host.GetJson(reader ?? Users.Investigator, $"/api/cases/{id}");

    public static async Task<string?> StatusOf(this IAlbaHost host, Guid id) =>
        (await host.Summary(id)).GetProperty("status").GetString();

    public static async Task<JsonElement> HistoryOf(this IAlbaHost host, Guid id, User? reader = null) =>
        await host.GetJson(reader ?? Users.Investigator, $"/api/cases/{id}/history");

    public static async Task<Guid> ReferTo(this IAlbaHost host, Guid id, string agency = "DISNAKER", string reason = "Check the work permit")
    {
        var made = await host.PostJson(Users.Investigator, $"/api/cases/{id}/referrals", new { toAgency = agency, reason, dueBy = "2025-07-23" }, 201);
        return made.GetProperty("referralId").GetGuid();
    }

    public static Task AnswerReferralAs(this IAlbaHost host, User officer, Guid id, Guid referralId, string outcome = "answered",
        string findings = "No work permit on file") =>
        host.PostJson(officer, $"/api/cases/{id}/referrals/{referralId}/answer", new { outcome, findings }, 200);

    public static async Task<Guid> DecideWarningOn(this IAlbaHost host, Guid id)
    {
        var recorded = await host.PostJson(Users.Investigator, $"/api/cases/{id}/actions", new
        {
            type = "warning",
            legalBasis = new[] { LegalBasis },
            justification = "Worked on a visit permit; first occurrence.",
            safeguards = new { informedInLanguage = "id", objectionRightNotified = true },
        }, 201);
        return recorded.GetProperty("decisionId").GetGuid();
    }

    public static Task ReviewAsAuditor(this IAlbaHost host, Guid id, Guid decisionId, string verdict = "compliant") =>
        host.PostJson(Users.Auditor, $"/api/cases/{id}/actions/{decisionId}/reviews",
            new { verdict, findings = new[] { new { criterion = "proportionality", note = "A warning is the mildest measure." } } }, 201);

    public static Task AssignTo(this IAlbaHost host, Guid id, string investigatorId) =>
        host.PostJson(Users.Supervisor, $"/api/cases/{id}/assignment", new { investigatorId }, 200);

    public static Task CloseAsResolved(this IAlbaHost host, Guid id) =>
        host.PostJson(Users.Investigator, $"/api/cases/{id}/closure", new { reason = "resolved", note = "Left the regency." }, 200);

    public static Task ReopenBecause(this IAlbaHost host, Guid id, string reason = "Seen again in Lemba") =>
        host.PostJson(Users.Investigator, $"/api/cases/{id}/reopening", new { reason }, 200);

    /// <summary>A case opened by <paramref name="by"/> with a subject of one's choosing, for the list's filters.</summary>
    public static async Task<JsonElement> OpenCase(this IAlbaHost host, User? by = null, string regency = "Soppeng", string? name = "Li Wei",
        string nationality = "CHN", string? passportNumber = "E12345678", string description = "wears a yellow hard hat")
    {
        var body = new
        {
            observedAt = "2025-07-09T08:30:00+08:00",
            location = new { province = "Sulawesi Selatan", regency, district = "Lalabata", village = "Lemba" },
            subject = new { name, nationality, passportNumber, sex = "male", approximateAge = 35, description },
            activity = "working at a construction site",
            channel = "fieldTeam",
        };
        return await host.PostJson(by ?? Users.Investigator, "/api/cases", body, 201);
    }

    /// <summary>The round-trip form of a time, escaped for a query string (its '+' would otherwise read as a space).</summary>
    public static string Query(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O", CultureInfo.InvariantCulture));

    public static DateTimeOffset Time(this JsonElement element, string property) =>
        DateTimeOffset.Parse(element.GetProperty(property).GetString()!, CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> PropertyNames(this JsonElement element) =>
        element.EnumerateObject().Select(p => p.Name).ToList();
}
