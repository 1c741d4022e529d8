using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests;

public sealed class Reviewing(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task an_auditor_reviews_a_decision()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var decisionId = await Host.Decide(id, Bodies.Deportation());

        var reply = await Host.Post(Users.Auditor, $"/api/cases/{id}/actions/{decisionId}/reviews", Bodies.Review("needsInformation"));

        reply.Status.Should().Be(201, reply.Text);
        reply.Header("ETag").Should().Be("\"4\"");
        reply.Json.GetProperty("version").GetInt64().Should().Be(4);
        var events = await Host.Stream(id);
        var reviewed = events[^1].Data.Should().BeOfType<DecisionReviewed>().Subject;
        reviewed.DecisionId.Should().Be(decisionId);
        reviewed.Verdict.Should().Be(ReviewVerdict.NeedsInformation);
        reviewed.Findings.Should().ContainSingle().Which.Criterion.Should().Be("proportionality");
        reviewed.ReviewedBy.Should().Be(Users.Auditor.UserId);
        events[^1].Headers!["role"].ToString().Should().Be("auditor");

        var summary = await Host.Summary(id, Users.Auditor);
        summary.GetProperty("actions")[0].GetProperty("reviews")[0].GetProperty("verdict").GetString().Should().Be("needsInformation");
    }

    [Theory]
    [InlineData("investigator")]
    [InlineData("supervisor")]
    [InlineData("reporter")]
    [InlineData("agency-officer")]
    public async Task only_an_auditor_reviews(string role)
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var decisionId = await Host.Decide(id, Bodies.Deportation());
        var user = role switch
        {
            "investigator" => Users.Investigator,
            "supervisor" => Users.Supervisor,
            "reporter" => Users.Reporter,
            _ => Users.ManpowerOfficer,
        };

        var reply = await Host.Post(user, $"/api/cases/{id}/actions/{decisionId}/reviews", Bodies.Review());

        reply.ShouldBeProblem(403);
        (await Host.Stream(id)).Should().HaveCount(3);
    }

    [Fact]
    public async Task reviewing_a_decision_the_case_does_not_have_is_a_404()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Decide(id, Bodies.Deportation());

        var reply = await Host.Post(Users.Auditor, $"/api/cases/{id}/actions/{Guid.CreateVersion7()}/reviews", Bodies.Review());

        reply.ShouldBeProblem(404);
        (await Host.Stream(id)).Should().HaveCount(3);
    }

    [Fact]
    public async Task a_review_names_known_criteria()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var decisionId = await Host.Decide(id, Bodies.Deportation());

        var reply = await Host.Post(Users.Auditor, $"/api/cases/{id}/actions/{decisionId}/reviews",
            """{ "verdict": "nonCompliant", "findings": [ { "criterion": "vibes" } ] }""");

        reply.ShouldBeProblem(400).ErrorFields().Should().Equal("findings[0].criterion");
        (await Host.Stream(id)).Should().HaveCount(3);
    }
}
