using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests;

public sealed class Assigning(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task a_supervisor_assigns_an_investigator()
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Supervisor, $"/api/cases/{id}/assignment", Bodies.Assignment(Users.OtherInvestigator.UserId));

        reply.Status.Should().Be(200);
        reply.Json.GetProperty("version").GetInt64().Should().Be(2);
        var events = await Host.Stream(id);
        var assigned = events[^1].Data.Should().BeOfType<CaseAssigned>().Subject;
        assigned.InvestigatorId.Should().Be(Users.OtherInvestigator.UserId);
        assigned.AssignedBy.Should().Be(Users.Supervisor.UserId);
        events[^1].Headers!["role"].ToString().Should().Be("supervisor");
        (await Host.Summary(id, Users.Supervisor)).GetProperty("assignedTo").GetString().Should().Be(Users.OtherInvestigator.UserId);
    }

    [Theory]
    [InlineData("investigator")]
    [InlineData("reporter")]
    [InlineData("agency-officer")]
    [InlineData("auditor")]
    public async Task only_a_supervisor_assigns(string role)
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Refer(id);
        var user = role switch
        {
            "investigator" => Users.Investigator,
            "reporter" => Users.Reporter,
            "agency-officer" => Users.ManpowerOfficer,
            _ => Users.Auditor,
        };
        var before = await Host.Version(id);

        var reply = await Host.Post(user, $"/api/cases/{id}/assignment", Bodies.Assignment());

        reply.ShouldBeProblem(403);
        (await Host.Version(id)).Should().Be(before);
    }

    [Fact]
    public async Task an_assignment_names_an_investigator()
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Supervisor, $"/api/cases/{id}/assignment", """{ "investigatorId": " " }""");

        reply.ShouldBeProblem(400).ErrorFields().Should().Equal("investigatorId");
        (await Host.Stream(id)).Should().HaveCount(1);
    }
}
