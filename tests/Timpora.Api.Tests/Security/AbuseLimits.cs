using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Threading.RateLimiting;
using Alba;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Timpora.Api.Infrastructure;
using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests.Hardening;

/// <summary>The application on a database of its own, allowing each caller only a few requests a minute.</summary>
public sealed class ThrottledHost : IAsyncLifetime
{
    public const int PermitsPerMinute = 5;

    public IAlbaHost Host { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Host = await Hosts.Start(await Hosts.NewDatabase("timpora_rate_limits"),
            settings: new Dictionary<string, string?> { [RateLimiting.PermitsSetting] = PermitsPerMinute.ToString(CultureInfo.InvariantCulture) });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Each user is held to their own rate; the limiter partitions by the token's subject, and callers without one by address.</summary>
public sealed class RateLimits(ThrottledHost throttled) : IClassFixture<ThrottledHost>
{
    private IAlbaHost Host => throttled.Host;

    [Fact]
    public async Task a_user_over_the_limit_gets_a_429_problem_with_retry_after_while_other_users_are_served()
    {
        var flooder = new User("rl-flooder", "Flooding Client", Agencies.Immigration, Roles.Investigator);
        var neighbour = new User("rl-neighbour", "Patient Colleague", Agencies.Immigration, Roles.Investigator);

        for (var i = 0; i < ThrottledHost.PermitsPerMinute; i++)
            (await Host.Get(flooder, "/api/cases")).Status.Should().Be(200);
        var refused = await Host.Get(flooder, "/api/cases");
        var withAFreshToken = await Host.Send(null, "GET", "/api/cases", token: flooder.TokenFor(Host.Auth(), TimeSpan.FromMinutes(30)));
        var other = await Host.Get(neighbour, "/api/cases");

        refused.ShouldBeProblem(429);
        (await Document()).Mismatches("GET", "/api/cases", refused).Should().BeEmpty("a 429 is as the OpenAPI document describes it");
        int.Parse(refused.Header("Retry-After")!, CultureInfo.InvariantCulture).Should().BeInRange(1, 60);
        refused.Header("X-Content-Type-Options").Should().Be("nosniff");
        withAFreshToken.Status.Should().Be(429, "the limit follows the user (sub), not the token");
        other.Status.Should().Be(200);
    }

    [Fact]
    public async Task callers_without_a_valid_token_are_limited_by_their_address()
    {
        for (var i = 0; i < ThrottledHost.PermitsPerMinute; i++)
            (await Anonymous("203.0.113.7")).Should().Be(401);

        (await Anonymous("203.0.113.7")).Should().Be(429);
        (await Anonymous("203.0.113.8")).Should().Be(401);
    }

    [Fact]
    public async Task health_probes_are_never_throttled()
    {
        for (var i = 0; i < ThrottledHost.PermitsPerMinute * 3; i++)
            (await Anonymous("203.0.113.9", "/health/live")).Should().Be(200);
    }

    [Fact]
    public void the_default_is_600_requests_a_minute_per_user()
    {
        var configuration = new ConfigurationBuilder().Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddCasesRateLimiting()
            .BuildServiceProvider();
        var limiter = services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
        HttpContext As(string userId) => new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", userId)], authenticationType: "Bearer")),
        };

        var granted = Enumerable.Range(0, RateLimiting.DefaultPermitsPerMinute).Count(_ => limiter.AttemptAcquire(As("busy")).IsAcquired);

        granted.Should().Be(600);
        limiter.AttemptAcquire(As("busy")).IsAcquired.Should().BeFalse();
        limiter.AttemptAcquire(As("someone-else")).IsAcquired.Should().BeTrue();
    }

    /// <summary>The OpenAPI document, fetched from an address of its own so that it spends no test's permits.</summary>
    private async Task<DocumentedApi> Document()
    {
        var result = await Host.Scenario(s =>
        {
            s.Get.Url("/openapi/v1.json");
            s.ConfigureHttpContext(http => http.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100.1"));
        });
        return new DocumentedApi(await result.ReadAsTextAsync());
    }

    private async Task<int> Anonymous(string address, string url = "/api/cases")
    {
        var result = await Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.ConfigureHttpContext(http => http.Connection.RemoteIpAddress = IPAddress.Parse(address));
            s.IgnoreStatusCode();
        });
        return result.Context.Response.StatusCode;
    }
}

/// <summary>Bodies, pages and response headers that keep one request from costing too much or exposing too much.</summary>
public sealed class RequestAndResponseLimits(AppFixture fixture) : IntegrationContext(fixture)
{
    private const int Limit = 256 * 1024;

    [Fact]
    public async Task a_body_over_256_KiB_is_a_413_problem_and_appends_nothing()
    {
        var reply = await Host.Post(Users.Investigator, "/api/cases", SightingOfSize(Limit + 1));

        reply.ShouldBeProblem(413);
        (await CaseCount()).Should().Be(0);
    }

    [Fact]
    public async Task a_body_over_256_KiB_sent_without_a_length_is_a_413_problem_too()
    {
        var body = Encoding.UTF8.GetBytes(SightingOfSize(Limit + 1));
        var token = Users.Investigator.TokenFor(Host.Auth());

        var result = await Host.Scenario(s =>
        {
            s.Post.Url("/api/cases");
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.ConfigureHttpContext(http =>
            {
                http.Request.ContentType = "application/json";
                http.Request.ContentLength = null;
                http.Request.Body = new MemoryStream(body);
            });
            s.IgnoreStatusCode();
        });

        result.Context.Response.StatusCode.Should().Be(413);
        result.Context.Response.ContentType.Should().StartWith("application/problem+json");
        (await CaseCount()).Should().Be(0);
    }

    [Fact]
    public async Task a_body_just_within_the_limit_is_read_and_judged_on_its_content()
    {
        var reply = await Host.Post(Users.Investigator, "/api/cases", SightingOfSize(Limit));

        reply.ShouldBeProblem(400).ErrorFields().Should().Contain("activity");
    }

    [Theory]
    [InlineData("201")]
    [InlineData("100000")]
    [InlineData("2147483647")]
    public async Task a_page_holds_at_most_200_cases(string asked)
    {
        var list = (await Host.Get(Users.Investigator, $"/api/cases?pageSize={asked}").Expect(200)).Json;

        list.GetProperty("pageSize").GetInt32().Should().Be(200);
    }

    [Theory]
    [InlineData(null, "/api/cases", 401)]
    [InlineData("investigator", "/api/cases", 200)]
    [InlineData("investigator", "/api/cases/0197f3a0-0000-7000-8000-000000000001", 404)]
    [InlineData("reporter", "/api/statistics", 403)]
    [InlineData(null, "/health/live", 200)]
    [InlineData(null, "/openapi/v1.json", 200)]
    public async Task every_answer_tells_browsers_not_to_sniff_frame_refer_or_run_anything(string? role, string url, int status)
    {
        var reply = await Host.Get(role switch { "investigator" => Users.Investigator, "reporter" => Users.Reporter, _ => null }, url);

        reply.Status.Should().Be(status);
        reply.Header("X-Content-Type-Options").Should().Be("nosniff");
        reply.Header("X-Frame-Options").Should().Be("DENY");
        reply.Header("Referrer-Policy").Should().Be("no-referrer");
        reply.Header("Content-Security-Policy").Should().Be(SecurityHeaders.ApiPolicy);
        if (url.StartsWith("/api/", StringComparison.Ordinal)) reply.Header("Cache-Control").Should().Be("no-store");
    }

    [Fact]
    public async Task an_oversized_body_is_refused_with_the_same_headers()
    {
        var reply = await Host.Post(Users.Investigator, "/api/cases", SightingOfSize(Limit + 1));

        reply.Header("X-Content-Type-Options").Should().Be("nosniff");
        reply.Header("Cache-Control").Should().Be("no-store");
    }

    [Fact]
    public async Task the_docs_page_loads_only_scripts_the_app_serves_itself_which_its_policy_allows()
    {
        var first = await Host.Get(null, "/docs");
        var page = first.Status is >= 300 and < 400 ? await Host.Get(null, new Uri(new Uri("http://localhost/docs"), first.Header("Location")).AbsolutePath)
            : first;
        var script = await Host.Get(null, "/docs/scalar.js");

        page.Status.Should().Be(200);
        var policy = page.Header("Content-Security-Policy")!;
        policy.Should().Be(SecurityHeaders.DocsPolicy);
        policy.Should().Contain("script-src 'self'").And.Contain("connect-src 'self'").And.Contain("frame-ancestors 'none'");
        ScriptSources(page.Text).Should().NotBeEmpty().And.OnlyContain(src => !src.Contains("//", StringComparison.Ordinal),
            "every script of the page comes from this app, which script-src 'self' allows");
        page.Text.Should().NotContain("https://", "the page loads nothing from elsewhere");
        script.Status.Should().Be(200);
        script.Header("Content-Security-Policy").Should().Be(SecurityHeaders.DocsPolicy);
    }

    private static IReadOnlyList<string> ScriptSources(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*\\ssrc=\"(?<src>[^\"]+)\"").Select(m => m.Groups["src"].Value).ToList();

    /// <summary>A sighting whose activity pads the JSON to exactly <paramref name="bytes"/> bytes.</summary>
    private static string SightingOfSize(int bytes)
    {
        const string template = """{"observedAt":"2025-07-09T08:30:00+08:00","location":{"regency":"Soppeng"},"activity":"#"}""";
        return template.Replace("#", new string('a', bytes - (template.Length - 1)));
    }

    private async Task<int> CaseCount()
    {
        await using var session = Fixture.Store.QuerySession();
        return await Marten.QueryableExtensions.CountAsync(session.Query<Case>());
    }
}
