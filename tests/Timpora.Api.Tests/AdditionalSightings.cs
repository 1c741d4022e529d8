using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests;

public sealed class AdditionalSightings(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task the_same_person_seen_again_is_appended_and_counted()
    {
        var id = await Host.OpenCase(by: Users.Reporter);

        var reply = await Host.Post(Users.Reporter, $"/api/cases/{id}/sightings", Bodies.AdditionalSighting("Ganra"));

        reply.Status.Should().Be(200);
        reply.Json.GetProperty("version").GetInt64().Should().Be(2);
        reply.Header("ETag").Should().Be("\"2\"");
        var events = await Host.Stream(id);
        var seen = events.Should().HaveCount(2).And.Subject.Last().Data.Should().BeOfType<AdditionalSightingReported>().Subject;
        seen.Location.Village.Should().Be("Ganra");
        seen.Channel.Should().Be(ReportingChannel.Hotline);
        seen.ReportedBy.Should().Be(Users.Reporter.UserId);
        (await Host.Summary(id, Users.Reporter)).GetProperty("sightings").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task an_agency_officer_may_report_a_sighting_of_a_case_referred_to_the_agency()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Refer(id);

        var reply = await Host.Post(Users.ManpowerOfficer, $"/api/cases/{id}/sightings", Bodies.AdditionalSighting());

        reply.Status.Should().Be(200);
        var events = await Host.Stream(id);
        events[^1].Data.Should().BeOfType<AdditionalSightingReported>();
        events[^1].Headers!["role"].ToString().Should().Be("agency-officer");
    }

    [Fact]
    public async Task an_invalid_additional_sighting_is_refused_naming_the_field()
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/sightings",
            """{ "observedAt": "2025-07-12T17:05:00+08:00", "location": { "regency": "Soppeng", "latitude": 91 } }""");

        reply.ShouldBeProblem(400).ErrorFields().Should().Equal("location.latitude");
        (await Host.Stream(id)).Should().HaveCount(1);
    }
}
