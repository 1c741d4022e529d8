using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests;

public sealed class Verifying(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task verifying_an_overstay_records_the_days_past_expiry_and_shows_them_in_the_summary()
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/verification", Bodies.Verification("overstay", expiresOn: "2025-06-30"));

        reply.Status.Should().Be(200);
        reply.Json.GetProperty("version").GetInt64().Should().Be(2);
        var verified = (await Host.Stream(id))[^1].Data.Should().BeOfType<IdentityVerified>().Subject;
        var expectedDays = DateOnly.FromDateTime(verified.VerifiedAt.DateTime).DayNumber - new DateOnly(2025, 6, 30).DayNumber;
        verified.OverstayDays.Should().Be(expectedDays).And.BePositive();
        verified.Finding.Should().Be(VerificationFinding.Overstay);
        verified.Identity.PassportNumber.Should().Be("E12345678");
        verified.VerifiedBy.Should().Be(Users.Investigator.UserId);

        var summary = await Host.Summary(id);
        summary.GetProperty("status").GetString().Should().Be("verified");
        var verification = summary.GetProperty("verification");
        verification.GetProperty("overstayDays").GetInt32().Should().Be(expectedDays);
        verification.GetProperty("finding").GetString().Should().Be("overstay");
        verification.GetProperty("permit").GetProperty("type").GetString().Should().Be("visit");
    }

    [Fact]
    public async Task a_permit_still_valid_has_no_overstay()
    {
        var id = await Host.OpenCase();

        await Host.Verify(id, "compliant", expiresOn: "2999-12-31", by: Users.Supervisor);

        (await Host.Stream(id))[^1].Data.Should().BeOfType<IdentityVerified>().Which.OverstayDays.Should().Be(0);
        (await Host.Summary(id)).GetProperty("verification").GetProperty("overstayDays").GetInt32().Should().Be(0);
    }

    [Theory]
    [InlineData("reporter")]
    [InlineData("agency-officer")]
    [InlineData("auditor")]
    public async Task only_investigators_and_supervisors_verify(string role)
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Refer(id);
        var user = role switch { "reporter" => Users.Reporter, "agency-officer" => Users.ManpowerOfficer, _ => Users.Auditor };
        var before = await Host.Version(id);

        var reply = await Host.Post(user, $"/api/cases/{id}/verification", Bodies.Verification());

        reply.ShouldBeProblem(403);
        (await Host.Version(id)).Should().Be(before);
    }

    [Fact]
    public async Task a_verification_without_identity_permit_or_finding_is_refused_naming_each()
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/verification", "{}");

        reply.ShouldBeProblem(400).ErrorFields().Should().BeEquivalentTo("identity", "permit", "finding");
        (await Host.Stream(id)).Should().HaveCount(1);
    }

    [Fact]
    public async Task a_date_of_birth_in_the_future_is_refused()
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/verification",
            """{ "identity": { "fullName": "Li Wei", "nationality": "CHN", "dateOfBirth": "2999-01-01" }, "permit": { "type": "none" }, "finding": "noValidDocuments" }""");

        reply.ShouldBeProblem(400).ErrorFields().Should().Equal("identity.dateOfBirth");
        (await Host.Stream(id)).Should().HaveCount(1);
    }
}
