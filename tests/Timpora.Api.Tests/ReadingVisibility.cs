using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests;

public sealed class ReadingVisibility(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly User PoliceInvestigator = new("pol-budi", "Budi Reskrim", "POLRI", Roles.Investigator);

    [Fact]
    public async Task a_reporter_reads_the_cases_they_reported()
    {
        var id = await Host.ReportedCase(by: Users.Reporter);

        await Host.Read(Users.Reporter, $"/api/cases/{id}");
        await Host.Read(Users.Reporter, $"/api/cases/{id}/history");
    }

    [Fact]
    public async Task a_reporter_reading_someone_elses_case_gets_a_404()
    {
        var id = await Host.ReportedCase(by: Users.Reporter);

        var summary = await Host.Read(Users.OtherReporter, $"/api/cases/{id}", 404);
        var history = await Host.Read(Users.OtherReporter, $"/api/cases/{id}/history", 404);

        summary.ContentType.Should().StartWith("application/problem+json");
        history.ContentType.Should().StartWith("application/problem+json");
        summary.Body.GetProperty("detail").GetString().Should().Be(
            (await Host.Read(Users.OtherReporter, $"/api/cases/{Guid.CreateVersion7()}", 404)).Body.GetProperty("detail").GetString(),
            "a case one may not see reads exactly like a case that does not exist");
    }

    [Fact]
    public async Task an_agency_officer_reads_a_case_only_once_it_is_referred_to_their_agency()
    {
        var id = await Host.VerifiedCase();
        await Host.Read(Users.ManpowerOfficer, $"/api/cases/{id}", 404);
        await Host.Read(Users.ManpowerOfficer, $"/api/cases/{id}/history", 404);

        await Host.ReferTo(id, "DISNAKER");

        await Host.Read(Users.ManpowerOfficer, $"/api/cases/{id}");
        await Host.Read(Users.ManpowerOfficer, $"/api/cases/{id}/history");
        await Host.Read(Users.PoliceOfficer, $"/api/cases/{id}", 404);
        await Host.Read(Users.PoliceOfficer, $"/api/cases/{id}/history", 404);
    }

    [Fact]
    public async Task an_agency_officer_still_reads_a_case_after_answering_its_referral()
    {
        var id = await Host.VerifiedCase();
        var referralId = await Host.ReferTo(id, "DISNAKER");
        await Host.AnswerReferralAs(Users.ManpowerOfficer, id, referralId, "declined", "Not ours");

        var summary = await Host.Read(Users.ManpowerOfficer, $"/api/cases/{id}");

        summary.Body.GetProperty("referrals")[0].GetProperty("status").GetString().Should().Be("declined");
    }

    [Fact]
    public async Task immigration_investigators_supervisors_and_auditors_read_every_case()
    {
        var id = await Host.ReportedCase(by: Users.Reporter);

        foreach (var reader in new[] { Users.Investigator, Users.OtherInvestigator, Users.Supervisor, Users.Auditor })
        {
            await Host.Read(reader, $"/api/cases/{id}");
            await Host.Read(reader, $"/api/cases/{id}/history");
        }
    }

    [Fact]
    public async Task an_investigator_outside_immigration_reads_no_case()
    {
        var id = await Host.ReportedCase(by: Users.Reporter);

        await Host.Read(PoliceInvestigator, $"/api/cases/{id}", 404);
        await Host.Read(PoliceInvestigator, $"/api/cases/{id}/history", 404);
    }
}
