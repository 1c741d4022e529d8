using System.Text.Json;
using Marten;
using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests.Hardening;

/// <summary>Who sees a case (API.md, "Security"): anyone else is answered as if the case did not exist, on every route.</summary>
public sealed class Visibility(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly User PoliceInvestigator = new("pol-budi", "Budi Reskrim", "POLRI", Roles.Investigator);
    private static readonly User PoliceSupervisor = new("pol-sari", "Sari Kasat", "POLRI", Roles.Supervisor);
    private static readonly User PoliceAuditor = new("pol-dewi", "Dewi Propam", "POLRI", Roles.Auditor);

    /// <summary>Each holds a role that may act on cases, and none may see the case below.</summary>
    private static readonly User[] Outsiders = [Users.OtherReporter, Users.PoliceOfficer, PoliceInvestigator, PoliceSupervisor, PoliceAuditor];

    /// <summary>A body each write route accepts, so that only visibility can refuse it.</summary>
    private static readonly IReadOnlyDictionary<string, object> ValidBodies = new Dictionary<string, object>(StringComparer.Ordinal)
    {
        ["POST /api/cases/{id}/sightings"] = Scenarios.AdditionalSighting(),
        ["POST /api/cases/{id}/assignment"] = Scenarios.Assignment(),
        ["POST /api/cases/{id}/verification"] = Scenarios.Verification(),
        ["POST /api/cases/{id}/referrals"] = Scenarios.Referral(),
        ["POST /api/cases/{id}/actions"] = Scenarios.Warning(),
        ["POST /api/cases/{id}/closure"] = Scenarios.Closure(),
        ["POST /api/cases/{id}/reopening"] = Scenarios.Reopening(),
        ["POST /api/cases/{id}/referrals/{referralId}/answer"] = Scenarios.Answer(),
        ["POST /api/cases/{id}/notes"] = Scenarios.Note(),
        ["POST /api/cases/{id}/actions/{decisionId}/reviews"] = Scenarios.Review(),
        ["POST /api/cases/{id}/actions/{decisionId}/objection"] = new { filedAt = DateTimeOffset.UtcNow.AddHours(-1), grounds = "The warning was given in a language I do not read." },
        ["POST /api/cases/{id}/actions/{decisionId}/objection/decision"] = new { outcome = "rejected", note = "The warning was read out by an interpreter." },
    };

    [Fact]
    public async Task every_case_route_answers_a_caller_who_may_not_see_the_case_exactly_as_a_missing_case_and_appends_nothing()
    {
        var (caseId, referralId, decisionId) = await AReferredAndDecidedCase();
        var version = await Host.Version(caseId);
        var failures = new List<string>();

        foreach (var route in AccessMatrix.Rules.Keys.Where(r => r.Contains("/api/cases/{id}", StringComparison.Ordinal)))
        {
            var method = route[..route.IndexOf(' ')];
            var pattern = route[(route.IndexOf(' ') + 1)..];
            string Url(Guid id) => pattern.Replace("{id}", id.ToString()).Replace("{referralId}", referralId.ToString())
                .Replace("{decisionId}", decisionId.ToString());
            var body = method == "GET" ? null
                : ValidBodies.TryGetValue(route, out var valid) ? JsonSerializer.Serialize(valid, Scenarios.Json)
                : throw new InvalidOperationException($"Visibility.ValidBodies needs a valid body for {route}.");

            foreach (var outsider in Outsiders)
            {
                var mayAct = AccessMatrix.Rules[route].Intersect(outsider.Roles).Any();
                var hidden = await Host.SendAs(outsider, method, Url(caseId), body);
                var missing = await Host.SendAs(outsider, method, Url(Guid.CreateVersion7()), body);

                if (!mayAct)
                {
                    if (hidden.Status != 403) failures.Add($"{route} as {outsider.UserId}: expected 403, got {hidden.Status}");
                }
                else if (hidden.Status != 404 || Visible(hidden) != Visible(missing))
                {
                    failures.Add($"{route} as {outsider.UserId}: expected the 404 of a missing case ({missing.Text}), got {hidden.Status} {hidden.Text}");
                }
            }
        }

        failures.Should().BeEmpty("a case one may not see reads like no case at all:\n{0}", string.Join("\n", failures));
        (await Host.Version(caseId)).Should().Be(version, "a refused request appends nothing");
    }

    [Fact]
    public async Task headers_claiming_another_identity_change_nothing()
    {
        var (caseId, referralId, _) = await AReferredAndDecidedCase();
        var posingAsTheReporter = new Dictionary<string, string>
        {
            ["X-User-Id"] = Users.Reporter.UserId, ["X-Agency"] = Agencies.Immigration, ["X-Role"] = Roles.Supervisor,
        };
        var posingAsManpower = new Dictionary<string, string> { ["X-Agency"] = "DISNAKER", ["X-Agency-Code"] = "DISNAKER" };

        (await Host.SendAs(Users.OtherReporter, "GET", $"/api/cases/{caseId}", headers: posingAsTheReporter)).Status.Should().Be(404);
        (await Host.SendAs(Users.OtherReporter, "GET", "/api/cases", headers: posingAsTheReporter)).Json.GetProperty("total").GetInt64().Should().Be(0);
        (await Host.SendAs(Users.PoliceOfficer, "GET", $"/api/cases/{caseId}/history", headers: posingAsManpower)).Status.Should().Be(404);
        (await Host.SendAs(Users.PoliceOfficer, "POST", $"/api/cases/{caseId}/referrals/{referralId}/answer",
            JsonSerializer.Serialize(Scenarios.Answer(), Scenarios.Json), posingAsManpower)).Status.Should().Be(404);
        (await Host.SendAs(Users.Reporter, "POST", $"/api/cases/{caseId}/assignment",
            JsonSerializer.Serialize(Scenarios.Assignment(), Scenarios.Json), posingAsTheReporter)).ShouldBeProblem(403);

        var noted = await Host.SendAs(Users.Reporter, "POST", $"/api/cases/{caseId}/notes",
            JsonSerializer.Serialize(Scenarios.Note(), Scenarios.Json), new Dictionary<string, string>
            {
                ["X-User-Id"] = Users.Supervisor.UserId, ["X-Role"] = Roles.Supervisor, ["X-Agency"] = Agencies.Immigration,
            });
        noted.Status.Should().Be(200);
        var actor = (await Host.HistoryOf(caseId)).EnumerateArray().Last().GetProperty("actor");
        actor.GetProperty("userId").GetString().Should().Be(Users.Reporter.UserId, "the event records the token's subject");
        actor.GetProperty("role").GetString().Should().Be(Roles.Reporter);
        actor.GetProperty("agency").GetString().Should().Be(Users.Reporter.Agency);
    }

    [Fact]
    public async Task the_read_models_name_only_cases_the_caller_may_see()
    {
        var caseId = await Host.VerifiedAs("Soppeng", "CHN", "permitMisuse", passport: "E55550001");
        await Host.AssignTo(caseId, Users.Investigator.UserId);
        await Host.Referred(caseId, "DISNAKER", new DateOnly(2025, 7, 23));
        await Host.Decided(caseId);
        await Host.ProjectionsCaughtUp();

        (await Host.GetJson(Users.Investigator, "/api/foreign-nationals?nationality=CHN")).GetArrayLength().Should().Be(1);
        (await Host.GetJson(Users.Auditor, "/api/reviews/pending")).GetArrayLength().Should().Be(1);

        (await Host.GetJson(PoliceInvestigator, "/api/foreign-nationals?nationality=CHN")).GetArrayLength().Should().Be(0);
        (await Host.GetJson(PoliceInvestigator, "/api/foreign-nationals?passportNumber=E55550001")).GetArrayLength().Should().Be(0);
        (await Host.GetJson(PoliceAuditor, "/api/reviews/pending")).GetArrayLength().Should().Be(0);
        (await Host.GetJson(PoliceSupervisor, $"/api/workload/investigators/{Users.Investigator.UserId}"))
            .GetProperty("openCases").GetArrayLength().Should().Be(0);
        (await Host.GetJson(PoliceInvestigator, "/api/workload/agencies/DISNAKER")).GetProperty("open").GetArrayLength().Should().Be(0);
        (await Host.GetJson(Users.ManpowerOfficer, "/api/workload/agencies/DISNAKER")).GetProperty("open").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task an_officer_who_is_also_an_investigator_elsewhere_answers_only_their_own_agencys_referral()
    {
        var policeOfficerAndInvestigator = new User("pol-rudi", "Rudi Reskrim", "POLRI", Roles.Investigator, Roles.AgencyOfficer);
        var caseId = await Host.ReportedCase();
        var toManpower = await Host.ReferTo(caseId, "DISNAKER");
        var toPolice = await Host.ReferTo(caseId, "POLRI");

        (await Host.Post(policeOfficerAndInvestigator, $"/api/cases/{caseId}/referrals/{toManpower}/answer", Scenarios.Answer())).ShouldBeProblem(403);
        (await Host.Post(policeOfficerAndInvestigator, $"/api/cases/{caseId}/referrals/{toPolice}/answer", Scenarios.Answer())).Status.Should().Be(200);

        var actor = (await Host.HistoryOf(caseId)).EnumerateArray().Last().GetProperty("actor");
        actor.GetProperty("role").GetString().Should().Be(Roles.AgencyOfficer);
    }

    [Theory]
    [InlineData("DISNAKER")]
    [InlineData("NOPE")]
    public async Task an_agency_officer_asking_for_another_agencys_workload_is_refused_before_anything_is_looked_up(string agency)
    {
        (await Host.SendAs(Users.PoliceOfficer, "GET", $"/api/workload/agencies/{agency}")).ShouldBeProblem(403);
    }

    /// <summary>What a client reads in a refusal; the trace id differs from request to request and says nothing about the case.</summary>
    private static string Visible(Reply reply)
    {
        if (!reply.Text.StartsWith('{')) return $"{reply.Status} {reply.Text}";
        var problem = reply.Json;
        return string.Join(" | ", reply.Status, reply.ContentType, string.Join(",", problem.EnumerateObject()
            .Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value.GetRawText()}")));
    }

    private async Task<(Guid Case, Guid Referral, Guid Decision)> AReferredAndDecidedCase()
    {
        var caseId = await Host.ReportedCase(by: Users.Reporter);
        var referralId = await Host.ReferTo(caseId, "DISNAKER");
        var decisionId = await Host.DecideWarningOn(caseId);
        await using var session = Fixture.Store.QuerySession();
        (await session.LoadAsync<Case>(caseId))!.IsReferredTo("POLRI").Should().BeFalse();
        return (caseId, referralId, decisionId);
    }
}
