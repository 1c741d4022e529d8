using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;

namespace Timpora.Api.Tests.Support;

/// <summary>
/// The one way tests call the API over HTTP: as a user (a real signed token), with a token of one's own making, or
/// with none; with the headers a test names; and whatever the answer, it comes back as a <see cref="Reply"/>.
/// </summary>
public static class Http
{
    public const string CorrelationHeader = "X-Correlation-Id";
    public const string IfMatchHeader = "If-Match";

    public static AuthOptions Auth(this IAlbaHost host) => host.Services.GetRequiredService<IOptions<AuthOptions>>().Value;

    /// <summary>
    /// Sends <paramref name="method"/> <paramref name="url"/> as <paramref name="user"/>, or with exactly the bearer
    /// <paramref name="token"/>, or without a token when both are null. A <paramref name="body"/> that is a string is sent
    /// exactly as written (for bodies no serializer would produce); a <see cref="JsonNode"/> as its JSON; anything else
    /// serialized. <paramref name="headers"/> come last, so a test may send an <c>Authorization</c> header of its own.
    /// </summary>
    public static async Task<Reply> Send(this IAlbaHost host, User? user, string method, string url, object? body = null,
        string? ifMatch = null, string? idempotencyKey = null, string? correlationId = null,
        IReadOnlyDictionary<string, string>? headers = null, string? token = null)
    {
        if (user is not null && token is not null) throw new ArgumentException("Send as a user or with a token, not both.", nameof(token));
        var bearer = token ?? user?.TokenFor(host.Auth());
        var result = await host.Scenario(s =>
        {
            switch (method.ToUpperInvariant())
            {
                case "GET" when body is null: s.Get.Url(url); break;
                case "DELETE" when body is null: s.Delete.Url(url); break;
                case "POST": Body(s.Post, body).ToUrl(url); break;
                case "PUT": Body(s.Put, body).ToUrl(url); break;
                case "PATCH": Body(s.Patch, body).ToUrl(url); break;
                default: throw new ArgumentOutOfRangeException(nameof(method), method, "No request for this method (or a body where none is sent).");
            }

            if (bearer is not null) s.WithRequestHeader("Authorization", $"Bearer {bearer}");
            if (ifMatch is not null) s.WithRequestHeader(IfMatchHeader, ifMatch);
            if (idempotencyKey is not null) s.WithRequestHeader(Idempotency.Header, idempotencyKey);
            if (correlationId is not null) s.WithRequestHeader(CorrelationHeader, correlationId);
            foreach (var (name, value) in headers ?? new Dictionary<string, string>()) s.WithRequestHeader(name, value);
            s.IgnoreStatusCode();
        });
        var response = result.Context.Response;
        return new Reply(response.StatusCode, response.ContentType, response.Headers, await result.ReadAsTextAsync());
    }

    private static SendExpression Body(IUrlExpression request, object? body) => body switch
    {
        null => request.RawJson("{}"),
        string json => request.RawJson(json),
        JsonNode node => request.RawJson(node.ToJsonString()),
        _ => request.Json(body),
    };

    /// <summary>GET as <paramref name="user"/>, or without a token when null.</summary>
    public static Task<Reply> Get(this IAlbaHost host, User? user, string url, string? correlationId = null,
        IReadOnlyDictionary<string, string>? headers = null) =>
        host.Send(user, "GET", url, correlationId: correlationId, headers: headers);

    /// <summary>POST <paramref name="body"/> as <paramref name="user"/>, or without a token when null.</summary>
    public static Task<Reply> Post(this IAlbaHost host, User? user, string url, object body, string? ifMatch = null,
        string? idempotencyKey = null, string? correlationId = null, IReadOnlyDictionary<string, string>? headers = null) =>
        host.Send(user, "POST", url, body, ifMatch, idempotencyKey, correlationId, headers);

    /// <summary>The answer, once it is known to have <paramref name="status"/>: <c>await Host.Get(user, url).Expect(200)</c>.</summary>
    public static async Task<Reply> Expect(this Task<Reply> sending, int status)
    {
        var reply = await sending;
        reply.Status.Should().Be(status, "the answer was {0}", reply.Text);
        return reply;
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
}

/// <summary>What came back: status, headers and body text, whatever they are, and the body as JSON when it is JSON.</summary>
public sealed record Reply(int Status, string? ContentType, IHeaderDictionary Headers, string Text)
{
    public JsonElement Json => JsonDocument.Parse(Text).RootElement.Clone();

    /// <summary>The header's value, or null when the answer has none.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? values.ToString() : null;

    public string? ETag => Header("ETag");

    public string? CorrelationId => Header(Http.CorrelationHeader);

    public bool IsSuccess => Status is >= 200 and < 300;
}
