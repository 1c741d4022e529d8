using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests;

public sealed class OpeningCases(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task reporting_a_sighting_opens_a_case_with_a_readable_number()
    {
        var opened = (await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting()).Expect(201)).Json;

        var id = opened.GetProperty("id").GetGuid();
        opened.GetProperty("caseNumber").GetString().Should().MatchRegex(@"^SOPPENG-\d{4}-\d{6}$");
        opened.GetProperty("version").GetInt64().Should().Be(1);

        var events = await Host.Stream(id);
        var reported = events.Should().ContainSingle().Which.Data.Should().BeOfType<SightingReported>().Subject;
        reported.Location.Regency.Should().Be("Soppeng");
        reported.ReportedBy.Should().Be(Users.Reporter.UserId);
        events[0].Headers!["agency"].ToString().Should().Be("PEMDES");
    }

    [Fact]
    public async Task opening_answers_201_with_the_location_the_first_version_and_a_number_for_the_regency_and_year()
    {
        var reply = await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting());

        reply.Status.Should().Be(201);
        var id = reply.Json.GetProperty("id").GetGuid();
        reply.Header("Location").Should().Be($"/api/cases/{id}");
        reply.Header("ETag").Should().Be("\"1\"");
        reply.Json.GetProperty("version").GetInt64().Should().Be(1);

        var reported = (await Host.Stream(id)).Single().Data.Should().BeOfType<SightingReported>().Subject;
        reply.Json.GetProperty("caseNumber").GetString().Should().MatchRegex($@"^SOPPENG-{reported.ReportedAt.Year}-\d{{6}}$");
        reported.CaseNumber.Should().Be(reply.Json.GetProperty("caseNumber").GetString());
        reported.Subject.Nationality.Should().Be("CHN");
        reported.Channel.Should().Be(ReportingChannel.FieldTeam);
    }

    [Fact]
    public async Task the_summary_of_a_new_case_is_reported_at_version_1()
    {
        var id = await Host.OpenCase(by: Users.Reporter);

        var summary = await Host.Summary(id, Users.Reporter);

        summary.GetProperty("status").GetString().Should().Be("reported");
        summary.GetProperty("version").GetInt64().Should().Be(1);
        summary.GetProperty("sightings").GetInt32().Should().Be(1);
        summary.GetProperty("location").GetProperty("regency").GetString().Should().Be("Soppeng");
    }

    [Fact]
    public async Task case_numbers_count_up_per_regency()
    {
        // Numbers are never reused, so each test counts in a regency of its own.
        var regency = $"Soppeng {Guid.NewGuid():N}";
        var first = (await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(regency)).Expect(201)).Json;
        var other = (await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting($"Wajo {Guid.NewGuid():N}")).Expect(201)).Json;
        var second = (await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(regency)).Expect(201)).Json;

        first.GetProperty("caseNumber").GetString().Should().EndWith("-000001").And.StartWith("SOPPENG-");
        other.GetProperty("caseNumber").GetString().Should().EndWith("-000001").And.StartWith("WAJO-");
        second.GetProperty("caseNumber").GetString().Should().EndWith("-000002").And.StartWith("SOPPENG-");
    }

    [Fact]
    public async Task a_client_chosen_id_becomes_the_case_id()
    {
        var id = Guid.CreateVersion7();

        var opened = (await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(id: id)).Expect(201)).Json;

        opened.GetProperty("id").GetGuid().Should().Be(id);
        (await Host.Stream(id)).Should().ContainSingle().Which.Data.Should().BeOfType<SightingReported>().Which.CaseId.Should().Be(id);
    }

    [Fact]
    public async Task repeating_a_report_with_the_same_id_and_body_answers_201_again_and_appends_nothing()
    {
        var id = Guid.CreateVersion7();
        var first = await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(id: id));

        var repeat = await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(id: id));

        repeat.Status.Should().Be(201);
        repeat.Header("Location").Should().Be($"/api/cases/{id}");
        repeat.Header("ETag").Should().Be("\"1\"");
        repeat.Json.GetProperty("caseNumber").GetString().Should().Be(first.Json.GetProperty("caseNumber").GetString());
        repeat.Json.GetProperty("version").GetInt64().Should().Be(1);
        (await Host.Stream(id)).Should().HaveCount(1);
    }

    [Fact]
    public async Task a_repeated_report_does_not_use_up_a_case_number()
    {
        var regency = $"Soppeng {Guid.NewGuid():N}";
        var id = Guid.CreateVersion7();
        await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(regency, id: id)).Expect(201);
        await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(regency, id: id)).Expect(201);

        var next = (await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(regency)).Expect(201)).Json;

        next.GetProperty("caseNumber").GetString().Should().EndWith("-000002");
    }

    [Fact]
    public async Task the_same_id_with_another_body_is_a_409_and_appends_nothing()
    {
        var id = Guid.CreateVersion7();
        await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(id: id)).Expect(201);

        var other = await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(id: id, name: "Zhang San"));

        other.ShouldBeProblem(409);
        var events = await Host.Stream(id);
        events.Should().ContainSingle().Which.Data.Should().BeOfType<SightingReported>().Which.Subject.Name.Should().Be("Li Wei");
    }

    [Fact]
    public async Task another_user_sending_the_same_id_and_body_gets_the_answer_for_an_id_in_use_and_learns_nothing()
    {
        var id = Guid.CreateVersion7();
        await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(id: id)).Expect(201);

        var same = await Host.Post(Users.OtherReporter, "/api/cases", Bodies.Sighting(id: id));
        var other = await Host.Post(Users.OtherReporter, "/api/cases", Bodies.Sighting(id: id, name: "Zhang San"));

        same.ShouldBeProblem(409);
        foreach (var member in new[] { "status", "title", "detail" })
            same.Json.GetProperty(member).GetRawText().Should().Be(other.Json.GetProperty(member).GetRawText());
        same.Text.Should().NotContain("caseNumber");
        (await Host.Stream(id)).Should().HaveCount(1);
    }

    [Fact]
    public async Task an_auditor_cannot_reuse_a_case_id_either()
    {
        var id = Guid.CreateVersion7();
        await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(id: id)).Expect(201);

        var reply = await Host.Post(Users.Auditor, "/api/cases", Bodies.Sighting(id: id));

        reply.ShouldBeProblem(403);
        (await Host.Stream(id)).Should().HaveCount(1);
    }
}
