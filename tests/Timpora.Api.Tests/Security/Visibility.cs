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
    private IReadOnlyDictionary<string, object> ValidBodies => new Dictionary<string, object>(StringComparer.Ordinal)
    {
        ["POST /api/cases/{id}/sightings"] = Bodies.AdditionalSighting(),
        ["POST /api/cases/{id}/assignment"] = Bodies.Assignment(),
        ["POST /api/cases/{id}/verification"] = Bodies.Verification(),
        ["POST /api/cases/{id}/referrals"] = Bodies.Referral(),
        ["POST /api/cases/{id}/actions"] = Bodies.Decision(),
        ["POST /api/cases/{id}/closure"] = Bodies.Closure(),
        ["POST /api/cases/{id}/reopening"] = Bodies.Reopening(),
        ["POST /api/cases/{id}/referrals/{referralId}/answer"] = Bodies.Answer(),
        ["POST /api/cases/{id}/notes"] = Bodies.Note(),
        ["POST /api/cases/{id}/actions/{decisionId}/reviews"] = Bodies.Review(),
        ["POST /api/cases/{id}/actions/{decisionId}/objection"] =
            Bodies.Objection(Fixture.Clock.GetUtcNow().AddHours(-1), "The warning was given in a language I do not read."),
        ["POST /api/cases/{id}/actions/{decisionId}/objection/decision"] = Bodies.ObjectionDecision("rejected", "The warning was read out by an interpreter."),
    };

    [Fact]
    public async Task every_case_route_answers_a_caller_who_may_not_see_the_case_exactly_as_a_missing_case_and_appends_nothing()
    {
        var (caseId, referralId, decisionId) = await AReferredAndDecidedCase();
        var version = await Host.Version(caseId);
        var failures = new List<string>();
        var validBodies = ValidBodies;

        foreach (var route in AccessMatrix.Rules.Keys.Where(r => r.Contains("/api/cases/{id}", StringComparison.Ordinal)))
        {
            var method = route[..route.IndexOf(' ')];
            var pattern = route[(route.IndexOf(' ') + 1)..];
            string Url(Guid id) => pattern.Replace("{id}", id.ToString()).Replace("{referralId}", referralId.ToString())
                .Replace("{decisionId}", decisionId.ToString());
            var body = method == "GET" ? null
                : validBodies.TryGetValue(route, out var valid) ? valid
                : throw new InvalidOperationException($"Visibility.ValidBodies needs a valid body for {route}.");

            foreach (var outsider in Outsiders)
            {
                var mayAct = AccessMatrix.Rules[route].Intersect(outsider.Roles).Any();
                var hidden = await Host.Send(outsider, method, Url(caseId), body);
                var missing = await Host.Send(outsider, method, Url(Guid.CreateVersion7()), body);

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

        (await Host.Get(Users.OtherReporter, $"/api/cases/{caseId}", headers: posingAsTheReporter)).Status.Should().Be(404);
        (await Host.Get(Users.OtherReporter, "/api/cases", headers: posingAsTheReporter)).Json.GetProperty("total").GetInt64().Should().Be(0);
        (await Host.Get(Users.PoliceOfficer, $"/api/cases/{caseId}/history", headers: posingAsManpower)).Status.Should().Be(404);
        (await Host.Post(Users.PoliceOfficer, $"/api/cases/{caseId}/referrals/{referralId}/answer", Bodies.Answer(), headers: posingAsManpower))
            .Status.Should().Be(404);
        (await Host.Post(Users.Reporter, $"/api/cases/{caseId}/assignment", Bodies.Assignment(), headers: posingAsTheReporter)).ShouldBeProblem(403);

        var noted = await Host.Post(Users.Reporter, $"/api/cases/{caseId}/notes", Bodies.Note(), headers: new Dictionary<string, string>
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
        var caseId = await Host.OpenCase(passportNumber: null);
        await Host.Verify(caseId, passportNumber: "E55550001");
        await Host.Assign(caseId, Users.Investigator.UserId);
        await Host.Refer(caseId, "DISNAKER");
        await Host.Decide(caseId);
        await Host.ProjectionsCaughtUp();

        (await Host.Get(Users.Investigator, "/api/foreign-nationals?nationality=CHN").Expect(200)).Json.GetProperty("items").GetArrayLength().Should().Be(1);
        (await Host.Get(Users.Auditor, "/api/reviews/pending").Expect(200)).Json.GetProperty("items").GetArrayLength().Should().Be(1);

        (await Host.Get(PoliceInvestigator, "/api/foreign-nationals?nationality=CHN").Expect(200)).Json.GetProperty("items").GetArrayLength().Should().Be(0);
        (await Host.Get(PoliceInvestigator, "/api/foreign-nationals?passportNumber=E55550001").Expect(200)).Json.GetProperty("items").GetArrayLength().Should().Be(0);
        (await Host.Get(PoliceAuditor, "/api/reviews/pending").Expect(200)).Json.GetProperty("items").GetArrayLength().Should().Be(0);
        (await Host.Get(PoliceSupervisor, $"/api/workload/investigators/{Users.Investigator.UserId}").Expect(200)).Json
            .GetProperty("items").GetArrayLength().Should().Be(0);
        (await Host.Get(PoliceInvestigator, "/api/workload/agencies/DISNAKER").Expect(200)).Json.GetProperty("items").GetArrayLength().Should().Be(0);
        (await Host.Get(Users.ManpowerOfficer, "/api/workload/agencies/DISNAKER").Expect(200)).Json.GetProperty("items").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task an_officer_who_is_also_an_investigator_elsewhere_answers_only_their_own_agencys_referral()
    {
        var policeOfficerAndInvestigator = new User("pol-rudi", "Rudi Reskrim", "POLRI", Roles.Investigator, Roles.AgencyOfficer);
        var caseId = await Host.OpenCase();
        var toManpower = await Host.Refer(caseId, "DISNAKER");
        var toPolice = await Host.Refer(caseId, "POLRI");

        (await Host.Post(policeOfficerAndInvestigator, $"/api/cases/{caseId}/referrals/{toManpower}/answer", Bodies.Answer())).ShouldBeProblem(403);
        (await Host.Post(policeOfficerAndInvestigator, $"/api/cases/{caseId}/referrals/{toPolice}/answer", Bodies.Answer())).Status.Should().Be(200);

        var actor = (await Host.HistoryOf(caseId)).EnumerateArray().Last().GetProperty("actor");
        actor.GetProperty("role").GetString().Should().Be(Roles.AgencyOfficer);
    }

    [Fact]
    public async Task a_persons_profile_shows_only_the_names_that_the_cases_the_caller_sees_gave()
    {
        var policeOfficerAndInvestigator = new User("pol-rudi", "Rudi Reskrim", "POLRI", Roles.Investigator, Roles.AgencyOfficer);
        var seen = await Host.OpenCase(name: "Chen Jie", passportNumber: "E77770001");
        await Host.Refer(seen, "POLRI");
        var unseen = await Host.OpenCase(name: "Chen Jie", passportNumber: null);
        await Host.Verify(unseen, fullName: "Chen Jiahao", passportNumber: "E77770001");
        await Host.ProjectionsCaughtUp();

        var everyName = (await Host.Get(Users.Investigator, "/api/foreign-nationals?passportNumber=E77770001").Expect(200)).Json.GetProperty("items")[0];
        everyName.GetProperty("names").EnumerateArray().Select(n => n.GetString()).Should().Equal("Chen Jie", "Chen Jiahao");

        var person = (await Host.Get(policeOfficerAndInvestigator, "/api/foreign-nationals?passportNumber=E77770001").Expect(200)).Json.GetProperty("items")[0];
        person.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("caseId").GetGuid()).Should().Equal(seen);
        person.GetProperty("names").EnumerateArray().Select(n => n.GetString()).Should().Equal("Chen Jie");
    }

    [Theory]
    [InlineData("DISNAKER")]
    [InlineData("NOPE")]
    public async Task an_agency_officer_asking_for_another_agencys_workload_is_refused_before_anything_is_looked_up(string agency)
    {
        (await Host.Get(Users.PoliceOfficer, $"/api/workload/agencies/{agency}")).ShouldBeProblem(403);
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
        var caseId = await Host.OpenCase(by: Users.Reporter);
        var referralId = await Host.Refer(caseId, "DISNAKER");
        var decisionId = await Host.Decide(caseId);
        await using var session = Fixture.Store.QuerySession();
        (await session.LoadAsync<Case>(caseId))!.IsReferredTo("POLRI").Should().BeFalse();
        return (caseId, referralId, decisionId);
    }
}
