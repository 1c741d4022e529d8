using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Timpora.Api.Tests.Support;
using Timpora.Cases;

// Not Timpora.Api.Tests.Security: that namespace would hide Timpora.Api.Security from every test beside it.
namespace Timpora.Api.Tests.Hardening;

/// <summary>
/// Every route the application maps, called by every role and without a token: the role table of API.md, "Security",
/// as data. A route added without a rule here fails <see cref="every_mapped_route_has_a_rule"/>.
/// </summary>
public sealed partial class AccessMatrix(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string Anonymous = "no token";

    private static readonly string[] Everyone = [Anonymous, Roles.Reporter, Roles.Investigator, Roles.AgencyOfficer, Roles.Supervisor, Roles.Auditor];
    private static readonly string[] Reporters = [Roles.Reporter, Roles.Investigator, Roles.AgencyOfficer, Roles.Supervisor];
    private static readonly string[] CaseWork = [Roles.Investigator, Roles.Supervisor];
    private static readonly string[] AnyRole = [Roles.Reporter, Roles.Investigator, Roles.AgencyOfficer, Roles.Supervisor, Roles.Auditor];
    private static readonly string[] Analysts = [Roles.Investigator, Roles.Supervisor, Roles.Auditor];

    /// <summary>Method and route pattern → who may call it ("allowed": anything but 401/403).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Rules = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["POST /api/cases"] = Reporters,
        ["POST /api/cases/{id}/sightings"] = Reporters,
        ["POST /api/cases/{id}/assignment"] = [Roles.Supervisor],
        ["POST /api/cases/{id}/verification"] = CaseWork,
        ["POST /api/cases/{id}/referrals"] = CaseWork,
        ["POST /api/cases/{id}/actions"] = CaseWork,
        ["POST /api/cases/{id}/closure"] = CaseWork,
        ["POST /api/cases/{id}/reopening"] = CaseWork,
        ["POST /api/cases/{id}/referrals/{referralId}/answer"] = [Roles.Investigator, Roles.AgencyOfficer, Roles.Supervisor],
        ["POST /api/cases/{id}/notes"] = AnyRole,
        ["POST /api/cases/{id}/actions/{decisionId}/reviews"] = [Roles.Auditor],
        // The role table has no row for objections: the immigration office records the person's objection (case work),
        // and API.md names the supervisor as the one who decides it.
        ["POST /api/cases/{id}/actions/{decisionId}/objection"] = CaseWork,
        ["POST /api/cases/{id}/actions/{decisionId}/objection/decision"] = [Roles.Supervisor],
        ["GET /api/cases"] = AnyRole,
        ["GET /api/cases/{id}"] = AnyRole,
        ["GET /api/cases/{id}/history"] = AnyRole,
        ["GET /api/cases/{id}/integrity"] = Analysts,
        // The {agency} of the request is the caller's own: an officer reads their own agency's workload only.
        ["GET /api/workload/agencies"] = [Roles.Investigator, Roles.AgencyOfficer, Roles.Supervisor, Roles.Auditor],
        ["GET /api/workload/agencies/{agency}"] = [Roles.Investigator, Roles.AgencyOfficer, Roles.Supervisor, Roles.Auditor],
        ["GET /api/workload/investigators/{userId}"] = Analysts,
        ["GET /api/statistics"] = Analysts,
        // An addition to API.md: the non-discrimination monitor is the auditors' alone.
        ["GET /api/statistics/outcomes-by-nationality"] = [Roles.Auditor],
        ["GET /api/foreign-nationals"] = Analysts,
        ["GET /api/reviews/pending"] = Analysts,
        ["GET /health/live"] = Everyone,
        ["GET /health/ready"] = Everyone,
        ["GET /metrics"] = Everyone,
        ["GET /openapi/{documentName}.json"] = Everyone,
        ["GET /docs/{documentName?}"] = Everyone,
        ["GET /docs/scalar.js"] = Everyone,
        ["GET /docs/scalar.aspnetcore.js"] = Everyone,
        ["GET /docs/favicon.svg"] = Everyone,
    };

    private static readonly IReadOnlyDictionary<string, User?> Callers = new Dictionary<string, User?>
    {
        [Anonymous] = null,
        [Roles.Reporter] = Users.Reporter,
        [Roles.Investigator] = Users.Investigator,
        [Roles.AgencyOfficer] = Users.ManpowerOfficer,
        [Roles.Supervisor] = Users.Supervisor,
        [Roles.Auditor] = Users.Auditor,
    };

    /// <summary>Headers a caller might hope the API trusts; access comes from the validated token alone.</summary>
    private static readonly IReadOnlyDictionary<string, string> ClaimedIdentity = new Dictionary<string, string>
    {
        ["X-User-Id"] = Users.Supervisor.UserId,
        ["X-Role"] = $"{Roles.Supervisor},{Roles.Auditor},{Roles.Investigator}",
        ["X-Roles"] = $"{Roles.Supervisor} {Roles.Auditor} {Roles.Investigator}",
        ["X-Agency"] = Agencies.Immigration,
        ["X-Forwarded-User"] = Users.Supervisor.UserId,
    };

    [Fact]
    public void every_mapped_route_has_a_rule()
    {
        var mapped = MappedRoutes();

        var missing = mapped.Where(route => !Rules.ContainsKey(route)).ToList();
        var stale = Rules.Keys.Where(route => !mapped.Contains(route)).ToList();

        missing.Should().BeEmpty(
            "every mapped route needs a rule in AccessMatrix.Rules (API.md, \"Security\"); without one: {0}", string.Join("; ", missing));
        stale.Should().BeEmpty("AccessMatrix.Rules names routes the application no longer maps: {0}", string.Join("; ", stale));
    }

    [Fact]
    public async Task every_route_answers_every_role_as_the_role_table_says_and_a_refusal_appends_nothing()
    {
        var ids = await ACaseEveryAllowedRoleSees();
        var before = await EventCount();
        var failures = new List<string>();

        foreach (var route in MappedRoutes().Where(Rules.ContainsKey))
        {
            var (method, pattern) = Split(route);
            foreach (var (role, user) in Callers)
            {
                var url = Fill(pattern, ids, user);
                var reply = await Host.Send(user, method, url, method == "GET" ? null : "{}", headers: ClaimedIdentity);
                var allowed = Rules[route].Contains(role);
                var verdict = Judge(reply, allowed, anonymous: user is null);
                if (verdict is not null) failures.Add($"{route} as {role}: {verdict} ({method} {url} answered {reply.Status} {Shorten(reply.Text)})");
            }
        }

        failures.Should().BeEmpty("every route answers as AccessMatrix.Rules says:\n{0}", string.Join("\n", failures));
        (await EventCount()).Should().Be(before, "a refused or invalid request appends nothing");
    }

    private static string? Judge(Reply reply, bool allowed, bool anonymous)
    {
        if (reply.Status >= 500) return "a server error";
        if (allowed) return reply.Status is 401 or 403 ? "expected to be allowed" : null;

        var expected = anonymous ? 401 : 403;
        if (reply.Status != expected) return $"expected {expected}";
        return reply.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) == true ? null : "not problem+json";
    }

    /// <summary>Opened by the reporter, referred to the agency officer's agency and decided: every role that may see a case sees this one.</summary>
    private async Task<SampleIds> ACaseEveryAllowedRoleSees()
    {
        var caseId = await Host.OpenCase(by: Users.Reporter);
        var referralId = await Host.Refer(caseId, Users.ManpowerOfficer.Agency);
        var decisionId = await Host.Decide(caseId);
        return new SampleIds(caseId, referralId, decisionId);
    }

    private async Task<long> EventCount()
    {
        await using var session = Fixture.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    private sealed record SampleIds(Guid Case, Guid Referral, Guid Decision);

    private static string Fill(string pattern, SampleIds ids, User? caller) => RouteParameter().Replace(pattern, match =>
        match.Groups["name"].Value switch
        {
            "id" => ids.Case.ToString(),
            "referralId" => ids.Referral.ToString(),
            "decisionId" => ids.Decision.ToString(),
            "agency" => caller?.Agency ?? Agencies.Immigration,
            "userId" => Users.Investigator.UserId,
            "documentName" => "v1",
            _ when match.Value.Contains('?') || match.Value.StartsWith("{*", StringComparison.Ordinal) => "",
            var name => throw new InvalidOperationException($"AccessMatrix has no sample value for the route parameter {{{name}}} in {pattern}."),
        }).TrimEnd('/') is { Length: > 0 } url ? url : "/";

    private static (string Method, string Pattern) Split(string route) => (route[..route.IndexOf(' ')], route[(route.IndexOf(' ') + 1)..]);

    /// <summary>"METHOD /pattern" for every route endpoint the application maps.</summary>
    private HashSet<string> MappedRoutes() =>
        Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
                .Select(method => $"{method} /{endpoint.RoutePattern.RawText!.TrimStart('/')}"))
            .ToHashSet(StringComparer.Ordinal);

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z0-9_]+)(:[^}?]+)?\??\}")]
    private static partial Regex RouteParameter();
}
