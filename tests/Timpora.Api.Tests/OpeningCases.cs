using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests;

public sealed class OpeningCases(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task reporting_a_sighting_opens_a_case_with_a_readable_number()
    {
        var opened = await Host.PostJson(Users.Reporter, "/api/cases", Scenarios.Sighting(), 201);

        var id = opened.GetProperty("id").GetGuid();
        opened.GetProperty("caseNumber").GetString().Should().MatchRegex(@"^SOPPENG-\d{4}-\d{6}$");
        opened.GetProperty("version").GetInt64().Should().Be(1);

        var events = await Host.Stream(id);
        var reported = events.Should().ContainSingle().Which.Data.Should().BeOfType<SightingReported>().Subject;
        reported.Location.Regency.Should().Be("Soppeng");
        reported.ReportedBy.Should().Be(Users.Reporter.UserId);
        events[0].Headers!["agency"].ToString().Should().Be("PEMDES");
    }
}
