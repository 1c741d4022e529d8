using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests;

public sealed class ReadingVisibility(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly User PoliceInvestigator = new("pol-budi", "Budi Reskrim", "POLRI", Roles.Investigator);

    [Fact]
    public async Task a_reporter_reads_the_cases_they_reported()
    {
        var id = await Host.OpenCase(by: Users.Reporter);

        await Host.Get(Users.Reporter, $"/api/cases/{id}").Expect(200);
        await Host.Get(Users.Reporter, $"/api/cases/{id}/history").Expect(200);
    }

    [Fact]
    public async Task a_reporter_reading_someone_elses_case_gets_a_404()
    {
        var id = await Host.OpenCase(by: Users.Reporter);

        var summary = await Host.Get(Users.OtherReporter, $"/api/cases/{id}").Expect(404);
        var history = await Host.Get(Users.OtherReporter, $"/api/cases/{id}/history").Expect(404);

        summary.ContentType.Should().StartWith("application/problem+json");
        history.ContentType.Should().StartWith("application/problem+json");
        summary.Json.GetProperty("detail").GetString().Should().Be(
            (await Host.Get(Users.OtherReporter, $"/api/cases/{Guid.CreateVersion7()}").Expect(404)).Json.GetProperty("detail").GetString(),
            "a case one may not see reads exactly like a case that does not exist");
    }

    [Fact]
    public async Task an_agency_officer_reads_a_case_only_once_it_is_referred_to_their_agency()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Get(Users.ManpowerOfficer, $"/api/cases/{id}").Expect(404);
        await Host.Get(Users.ManpowerOfficer, $"/api/cases/{id}/history").Expect(404);

        await Host.Refer(id, "DISNAKER");

        await Host.Get(Users.ManpowerOfficer, $"/api/cases/{id}").Expect(200);
        await Host.Get(Users.ManpowerOfficer, $"/api/cases/{id}/history").Expect(200);
        await Host.Get(Users.PoliceOfficer, $"/api/cases/{id}").Expect(404);
        await Host.Get(Users.PoliceOfficer, $"/api/cases/{id}/history").Expect(404);
    }

    [Fact]
    public async Task an_agency_officer_still_reads_a_case_after_answering_its_referral()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var referralId = await Host.Refer(id, "DISNAKER");
        await Host.AnswerReferral(id, referralId, "declined", "Not ours", by: Users.ManpowerOfficer);

        var summary = await Host.Get(Users.ManpowerOfficer, $"/api/cases/{id}").Expect(200);

        summary.Json.GetProperty("referrals")[0].GetProperty("status").GetString().Should().Be("declined");
    }

    [Fact]
    public async Task immigration_investigators_supervisors_and_auditors_read_every_case()
    {
        var id = await Host.OpenCase(by: Users.Reporter);

        foreach (var reader in new[] { Users.Investigator, Users.OtherInvestigator, Users.Supervisor, Users.Auditor })
        {
            await Host.Get(reader, $"/api/cases/{id}").Expect(200);
            await Host.Get(reader, $"/api/cases/{id}/history").Expect(200);
        }
    }

    [Fact]
    public async Task an_investigator_outside_immigration_reads_no_case()
    {
        var id = await Host.OpenCase(by: Users.Reporter);

        await Host.Get(PoliceInvestigator, $"/api/cases/{id}").Expect(404);
        await Host.Get(PoliceInvestigator, $"/api/cases/{id}/history").Expect(404);
    }
}
