using System.Text.Json.Nodes;
using Marten;
using Timpora.Api.Security;
using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests;

/// <summary>
/// Every refusal of a write is problem details and appends nothing: 400 for a body that cannot be read or a
/// field that fails validation, 401 without a valid token, 403 for a role that may never do it (before any case
/// is looked up), 404 for a case that does not exist or that the caller may not see.
/// </summary>
public sealed class WriteErrors(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly Guid UnknownCase = Guid.Parse("0197f0a0-0000-7000-8000-000000000001");

    [Theory]
    [InlineData("location.regency", "null", "location.regency")]
    [InlineData("location.regency", "\"   \"", "location.regency")]
    [InlineData("location.latitude", "91", "location.latitude")]
    [InlineData("location.longitude", "-180.5", "location.longitude")]
    [InlineData("subject.nationality", "\"XXX\"", "subject.nationality")]
    [InlineData("observedAt", "null", "observedAt")]
    [InlineData("location", "null", "location")]
    [InlineData("id", "\"00000000-0000-0000-0000-000000000000\"", "id")]
    [InlineData("id", "\"not-a-uuid\"", "id")]
    [InlineData("channel", "1", "channel")]
    [InlineData("subject.sex", "\"bogus\"", "subject.sex")]
    [InlineData("subject.approximateAge", "131", "subject.approximateAge")]
    [InlineData("observedAt", "\"yesterday\"", "observedAt")]
    [InlineData("observedAt", "\"0001-01-01T00:00:00Z\"", "observedAt")]
    public async Task an_invalid_sighting_is_refused_naming_the_field(string field, string value, string named)
    {
        var body = Bodies.SightingJson(id: Guid.CreateVersion7());
        Spoil(body, field, JsonNode.Parse(value));

        var reply = await Host.Post(Users.Reporter, "/api/cases", body);

        reply.ShouldBeProblem(400).ErrorFields().Should().Contain(named);
        await NothingWasOpened();
    }

    [Fact]
    public async Task a_sighting_observed_more_than_five_minutes_ahead_is_refused()
    {
        var body = Bodies.SightingJson();
        body["observedAt"] = Fixture.Clock.GetUtcNow().AddMinutes(10).ToString("O");

        var reply = await Host.Post(Users.Reporter, "/api/cases", body);

        reply.ShouldBeProblem(400).ErrorFields().Should().Equal("observedAt");
        await NothingWasOpened();
    }

    [Fact]
    public async Task a_phone_clock_a_little_ahead_is_within_the_grace()
    {
        var body = Bodies.SightingJson();
        body["observedAt"] = Fixture.Clock.GetUtcNow().AddMinutes(2).ToString("O");

        var reply = await Host.Post(Users.Reporter, "/api/cases", body);

        reply.Status.Should().Be(201, reply.Text);
    }

    [Theory]
    [InlineData("subject.description", 4001)]
    [InlineData("activity", 4001)]
    [InlineData("subject.name", 201)]
    [InlineData("location.village", 201)]
    public async Task text_longer_than_allowed_is_refused(string field, int length)
    {
        var body = Bodies.SightingJson();
        Spoil(body, field, new string('x', length));

        var reply = await Host.Post(Users.Reporter, "/api/cases", body);

        reply.ShouldBeProblem(400).ErrorFields().Should().Equal(field);
        await NothingWasOpened();
    }

    [Fact]
    public async Task text_at_the_limit_is_accepted()
    {
        var body = Bodies.SightingJson();
        Spoil(body, "subject.description", new string('x', 4000));

        var reply = await Host.Post(Users.Reporter, "/api/cases", body);

        reply.Status.Should().Be(201, reply.Text);
    }

    [Fact]
    public async Task an_unknown_enum_value_is_refused_naming_the_field()
    {
        var body = Bodies.SightingJson();
        body["channel"] = "bogus";

        var reply = await Host.Post(Users.Reporter, "/api/cases", body);

        reply.ShouldBeProblem(400).ErrorFields().Should().Contain("channel");
        await NothingWasOpened();
    }

    [Theory]
    [InlineData("{")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1, 2]")]
    [InlineData("\"a sighting\"")]
    [InlineData("{\"observedAt\": \"yesterday\"}")]
    public async Task a_body_that_is_not_a_sighting_is_a_400(string json)
    {
        var reply = await Host.Post(Users.Reporter, "/api/cases", json);

        var problem = reply.ShouldBeProblem(400);
        problem.ErrorFields().Should().NotBeEmpty();
        problem.GetProperty("type").GetString().Should().Be("https://tools.ietf.org/html/rfc9110#section-15.5.1", "every 400 has one type, however it arose");
        await NothingWasOpened();
    }

    [Theory]
    [InlineData("sightings", "{")]
    [InlineData("notes", "")]
    [InlineData("notes", "{\"text\": \"\"}")]
    [InlineData("notes", "null")]
    [InlineData("assignment", "{\"investigatorId\": 42}")]
    [InlineData("verification", "{\"identity\": {\"fullName\": \"Li Wei\", \"nationality\": \"XXX\"}, \"permit\": {\"type\": \"visit\"}, \"finding\": \"overstay\"}")]
    [InlineData("verification", "{\"identity\": {\"fullName\": \"Li Wei\", \"nationality\": \"CHN\"}, \"permit\": {\"type\": \"visit\"}, \"finding\": \"fine\"}")]
    [InlineData("referrals", "{\"toAgency\": \"FBI\", \"reason\": \"x\", \"dueBy\": \"2025-07-23\"}")]
    [InlineData("referrals", "{\"toAgency\": \"DISNAKER\", \"reason\": \"x\", \"dueBy\": \"next week\"}")]
    [InlineData("actions", "{\"legalBasis\": [\"UU 6/2011\"]}")]
    [InlineData("closure", "{\"reason\": \"bored\"}")]
    [InlineData("reopening", "{}")]
    public async Task an_unreadable_or_invalid_command_is_a_400_and_appends_nothing(string endpoint, string json)
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Supervisor, $"/api/cases/{id}/{endpoint}", json);

        reply.ShouldBeProblem(400).ErrorFields().Should().NotBeEmpty();
        (await Host.Stream(id)).Should().HaveCount(1);
    }

    [Fact]
    public async Task an_invalid_field_inside_a_command_is_named_by_its_json_path()
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/verification",
            """{ "identity": { "fullName": "Li Wei", "nationality": "XXX" }, "permit": { "type": "visit" }, "finding": "overstay" }""");

        reply.ShouldBeProblem(400).ErrorFields().Should().Equal("identity.nationality");
    }

    [Fact]
    public async Task a_write_without_a_token_is_a_401()
    {
        var id = await Host.OpenCase();

        var opening = await Host.Post(null, "/api/cases", Bodies.Sighting());
        var note = await Host.Post(null, $"/api/cases/{id}/notes", Bodies.Note());

        opening.ShouldBeProblem(401);
        note.ShouldBeProblem(401);
        (await Host.Stream(id)).Should().HaveCount(1);
    }

    [Theory]
    [InlineData("Bearer garbage")]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")]
    [InlineData("Basic aW52LWFuZGk6cGFzc3dvcmQ=")]
    public async Task a_write_with_a_garbage_token_is_a_401(string authorization)
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(null, $"/api/cases/{id}/notes", Bodies.Note(), headers: new Dictionary<string, string> { ["Authorization"] = authorization });

        reply.ShouldBeProblem(401);
        (await Host.Stream(id)).Should().HaveCount(1);
    }

    [Fact]
    public async Task a_token_signed_with_another_key_expired_or_for_another_audience_is_a_401()
    {
        var id = await Host.OpenCase();
        var auth = Host.Auth();
        var user = Users.Investigator;
        var otherKey = new AuthOptions { SigningKey = "someone-elses-signing-key-of-at-least-32-bytes", Issuer = auth.Issuer, Audience = auth.Audience };
        var otherAudience = new AuthOptions { SigningKey = auth.SigningKey, Issuer = auth.Issuer, Audience = "another-api" };
        // Minted by the machine's clock, as the bearer handler judges a token's lifetime by it, not by the test clock.
        string[] tokens =
        [
            DevelopmentTokens.Mint(otherKey, user.UserId, user.Name, user.Agency, user.Roles, TimeSpan.FromHours(1), DateTimeOffset.UtcNow),
            DevelopmentTokens.Mint(otherAudience, user.UserId, user.Name, user.Agency, user.Roles, TimeSpan.FromHours(1), DateTimeOffset.UtcNow),
            DevelopmentTokens.Mint(auth, user.UserId, user.Name, user.Agency, user.Roles, TimeSpan.FromHours(1), DateTimeOffset.UtcNow.AddHours(-2)),
        ];

        foreach (var token in tokens)
        {
            var reply = await Host.Send(null, "POST", $"/api/cases/{id}/notes", Bodies.Note(), token: token);
            reply.ShouldBeProblem(401);
        }

        (await Host.Stream(id)).Should().HaveCount(1);
    }

    [Fact]
    public async Task an_auditor_may_not_open_a_case()
    {
        var reply = await Host.Post(Users.Auditor, "/api/cases", Bodies.Sighting());

        reply.ShouldBeProblem(403);
        await NothingWasOpened();
    }

    [Fact]
    public async Task a_role_is_refused_before_the_body_is_validated()
    {
        var reply = await Host.Post(Users.Auditor, "/api/cases", """{ "location": { "latitude": 91 } }""");

        reply.ShouldBeProblem(403);
    }

    [Theory]
    [InlineData("reporter", "verification")]
    [InlineData("reporter", "referrals")]
    [InlineData("reporter", "actions")]
    [InlineData("reporter", "closure")]
    [InlineData("reporter", "reopening")]
    [InlineData("reporter", "assignment")]
    [InlineData("investigator", "assignment")]
    [InlineData("agency-officer", "verification")]
    [InlineData("agency-officer", "assignment")]
    [InlineData("auditor", "sightings")]
    [InlineData("auditor", "verification")]
    [InlineData("supervisor", "review")]
    [InlineData("investigator", "review")]
    [InlineData("reporter", "answer")]
    [InlineData("auditor", "answer")]
    public async Task a_role_not_in_the_table_is_a_403_even_for_an_unknown_case(string role, string command)
    {
        var user = role switch
        {
            "reporter" => Users.Reporter,
            "investigator" => Users.Investigator,
            "agency-officer" => Users.ManpowerOfficer,
            "supervisor" => Users.Supervisor,
            _ => Users.Auditor,
        };
        var (url, body) = Command(UnknownCase, command);

        var reply = await Host.Post(user, url, body);

        reply.ShouldBeProblem(403);
    }

    [Fact]
    public async Task a_role_not_in_the_table_is_a_403_on_an_existing_case_and_appends_nothing()
    {
        var id = await Host.OpenCase(by: Users.Reporter);

        var verifying = await Host.Post(Users.Reporter, $"/api/cases/{id}/verification", Bodies.Verification());
        var assigning = await Host.Post(Users.Investigator, $"/api/cases/{id}/assignment", Bodies.Assignment());

        verifying.ShouldBeProblem(403);
        assigning.ShouldBeProblem(403);
        (await Host.Stream(id)).Should().HaveCount(1);
    }

    [Theory]
    [InlineData("sightings")]
    [InlineData("assignment")]
    [InlineData("verification")]
    [InlineData("referrals")]
    [InlineData("answer")]
    [InlineData("actions")]
    [InlineData("review")]
    [InlineData("notes")]
    [InlineData("closure")]
    [InlineData("reopening")]
    public async Task a_write_to_an_unknown_case_is_a_404(string command)
    {
        var user = command switch
        {
            "assignment" => Users.Supervisor,
            "review" => Users.Auditor,
            _ => Users.Investigator,
        };
        var (url, body) = Command(UnknownCase, command);

        var reply = await Host.Post(user, url, body);

        reply.ShouldBeProblem(404);
        (await Host.Stream(UnknownCase)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("sightings")]
    [InlineData("notes")]
    public async Task a_reporter_writing_to_a_case_someone_else_reported_gets_a_404(string command)
    {
        var id = await Host.OpenCase(by: Users.OtherReporter);
        var (url, body) = Command(id, command);

        var reply = await Host.Post(Users.Reporter, url, body);

        reply.ShouldBeProblem(404);
        (await Host.Stream(id)).Should().HaveCount(1);
    }

    [Fact]
    public async Task an_agency_officer_writing_to_a_case_not_referred_to_the_agency_gets_a_404()
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.ManpowerOfficer, $"/api/cases/{id}/notes", Bodies.Note());

        reply.ShouldBeProblem(404);
        (await Host.Stream(id)).Should().HaveCount(1);
    }

    [Fact]
    public async Task a_bad_request_id_in_the_path_is_never_a_server_error()
    {
        var reply = await Host.Post(Users.Investigator, "/api/cases/not-a-uuid/notes", Bodies.Note());

        reply.Status.Should().BeOneOf(400, 404);
        reply.ContentType.Should().StartWith("application/problem+json");
    }

    private static (string Url, object Body) Command(Guid id, string command) => command switch
    {
        "sightings" => ($"/api/cases/{id}/sightings", Bodies.AdditionalSighting()),
        "assignment" => ($"/api/cases/{id}/assignment", Bodies.Assignment()),
        "verification" => ($"/api/cases/{id}/verification", Bodies.Verification()),
        "referrals" => ($"/api/cases/{id}/referrals", Bodies.Referral()),
        "answer" => ($"/api/cases/{id}/referrals/{Guid.CreateVersion7()}/answer", Bodies.Answer()),
        "actions" => ($"/api/cases/{id}/actions", Bodies.Decision()),
        "review" => ($"/api/cases/{id}/actions/{Guid.CreateVersion7()}/reviews", Bodies.Review()),
        "notes" => ($"/api/cases/{id}/notes", Bodies.Note()),
        "closure" => ($"/api/cases/{id}/closure", Bodies.Closure()),
        "reopening" => ($"/api/cases/{id}/reopening", Bodies.Reopening()),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
    };

    private static void Spoil(JsonObject body, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(body, (node, part) => node[part]!.AsObject());
        parent[parts[^1]] = value;
    }

    private async Task NothingWasOpened()
    {
        await using var session = Fixture.Store.QuerySession();
        (await session.Events.QueryAllRawEvents().CountAsync()).Should().Be(0);
    }
}
