using System.Text.Json;
using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests;

public sealed class ReadingCases(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string IsoWithOffset = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$";

    [Fact]
    public async Task a_reported_case_reads_as_reported_with_every_documented_field()
    {
        var opened = (await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting()).Expect(201)).Json;
        var id = opened.GetProperty("id").GetGuid();

        var answer = await Host.Get(Users.Investigator, $"/api/cases/{id}").Expect(200);

        answer.ETag.Should().Be("\"1\"");
        var summary = answer.Json;
        summary.PropertyNames().Should().Contain(
        [
            "id", "caseNumber", "status", "version", "openedAt", "lastUpdatedAt", "location", "subject", "sightings",
            "assignedTo", "verification", "referrals", "actions", "closure",
        ]);
        summary.GetProperty("id").GetGuid().Should().Be(id);
        summary.GetProperty("caseNumber").GetString().Should().Be(opened.GetProperty("caseNumber").GetString());
        summary.GetProperty("status").GetString().Should().Be("reported");
        summary.GetProperty("version").GetInt64().Should().Be(1);
        summary.GetProperty("openedAt").GetString().Should().MatchRegex(IsoWithOffset);
        summary.Time("lastUpdatedAt").Should().Be(summary.Time("openedAt"));
        summary.GetProperty("sightings").GetInt32().Should().Be(1);
        summary.GetProperty("assignedTo").ValueKind.Should().Be(JsonValueKind.Null);
        summary.GetProperty("verification").ValueKind.Should().Be(JsonValueKind.Null);
        summary.GetProperty("referrals").GetArrayLength().Should().Be(0);
        summary.GetProperty("actions").GetArrayLength().Should().Be(0);
        summary.GetProperty("closure").ValueKind.Should().Be(JsonValueKind.Null);

        var location = summary.GetProperty("location");
        location.GetProperty("province").GetString().Should().Be("Sulawesi Selatan");
        location.GetProperty("regency").GetString().Should().Be("Soppeng");
        location.GetProperty("district").GetString().Should().Be("Lalabata");
        location.GetProperty("village").GetString().Should().Be("Lemba");
        location.GetProperty("latitude").GetDouble().Should().Be(-4.35);
        location.GetProperty("longitude").GetDouble().Should().Be(119.88);

        var subject = summary.GetProperty("subject");
        subject.GetProperty("name").GetString().Should().Be("Li Wei");
        subject.GetProperty("nationality").GetString().Should().Be("CHN");
        subject.GetProperty("passportNumber").GetString().Should().Be("E12345678");
        subject.GetProperty("sex").GetString().Should().Be("male");
        subject.GetProperty("approximateAge").GetInt32().Should().Be(35);
        subject.GetProperty("description").GetString().Should().Be("wears a yellow hard hat");
    }

    [Fact]
    public async Task the_summary_shows_everything_that_happened_to_the_case()
    {
        var id = await Host.OpenCase(by: Users.Reporter);
        await Host.AddSighting(id, Bodies.Sighting());
        await Host.Assign(id, Users.OtherInvestigator.UserId);
        await Host.Verify(id, "overstay", "2025-06-30");
        var referralId = await Host.Refer(id, "DISNAKER", "Check the work permit");
        await Host.AnswerReferral(id, referralId, "answered", "No work permit on file", by: Users.ManpowerOfficer);
        var decisionId = await Host.Decide(id);
        await Host.Review(id, decisionId, "compliant");
        await Host.Close(id);

        var answer = await Host.Get(Users.Investigator, $"/api/cases/{id}").Expect(200);

        answer.ETag.Should().Be("\"9\"");
        var summary = answer.Json;
        summary.GetProperty("status").GetString().Should().Be("closed");
        summary.GetProperty("version").GetInt64().Should().Be(9);
        summary.GetProperty("sightings").GetInt32().Should().Be(2);
        summary.GetProperty("assignedTo").GetString().Should().Be(Users.OtherInvestigator.UserId);

        var verification = summary.GetProperty("verification");
        verification.PropertyNames().Should().Contain(["identity", "permit", "finding", "overstayDays", "watchlistHit", "verifiedAt", "verifiedBy"]);
        var identity = verification.GetProperty("identity");
        identity.GetProperty("fullName").GetString().Should().Be("Li Wei");
        identity.GetProperty("nationality").GetString().Should().Be("CHN");
        identity.GetProperty("passportNumber").GetString().Should().Be("E12345678");
        identity.GetProperty("dateOfBirth").GetString().Should().Be("1988-02-01");
        identity.GetProperty("sex").GetString().Should().Be("male");
        var permit = verification.GetProperty("permit");
        permit.GetProperty("type").GetString().Should().Be("visit");
        permit.GetProperty("number").GetString().Should().Be("B211A-0001");
        permit.GetProperty("expiresOn").GetString().Should().Be("2025-06-30");
        permit.GetProperty("sponsor").GetString().Should().Be("PT Maju Jaya");
        verification.GetProperty("finding").GetString().Should().Be("overstay");
        verification.GetProperty("watchlistHit").GetBoolean().Should().BeFalse();
        verification.GetProperty("verifiedBy").GetString().Should().Be(Users.Investigator.UserId);
        verification.GetProperty("verifiedAt").GetString().Should().MatchRegex(IsoWithOffset);
        var verifiedOn = DateOnly.FromDateTime(verification.Time("verifiedAt").DateTime);
        verification.GetProperty("overstayDays").GetInt32().Should().Be(verifiedOn.DayNumber - new DateOnly(2025, 6, 30).DayNumber);

        var referral = summary.GetProperty("referrals").EnumerateArray().Should().ContainSingle().Subject;
        referral.GetProperty("referralId").GetGuid().Should().Be(referralId);
        referral.GetProperty("toAgency").GetString().Should().Be("DISNAKER");
        referral.GetProperty("reason").GetString().Should().Be("Check the work permit");
        referral.GetProperty("dueBy").GetString().Should().Be("2025-07-23");
        referral.GetProperty("status").GetString().Should().Be("answered");
        referral.GetProperty("findings").GetString().Should().Be("No work permit on file");

        var action = summary.GetProperty("actions").EnumerateArray().Should().ContainSingle().Subject;
        action.GetProperty("decisionId").GetGuid().Should().Be(decisionId);
        action.GetProperty("type").GetString().Should().Be("warning");
        action.GetProperty("decidedAt").GetString().Should().MatchRegex(IsoWithOffset);
        action.GetProperty("decidedBy").GetString().Should().Be(Users.Investigator.UserId);
        action.GetProperty("legalBasis").EnumerateArray().Select(b => b.GetString()).Should().Equal(Bodies.LegalBasis);
        action.GetProperty("reversed").GetBoolean().Should().BeFalse();
        action.GetProperty("objection").ValueKind.Should().Be(JsonValueKind.Null);
        var review = action.GetProperty("reviews").EnumerateArray().Should().ContainSingle().Subject;
        review.GetProperty("verdict").GetString().Should().Be("compliant");
        review.GetProperty("reviewedBy").GetString().Should().Be(Users.Auditor.UserId);
        review.GetProperty("reviewedAt").GetString().Should().MatchRegex(IsoWithOffset);

        var closure = summary.GetProperty("closure");
        closure.GetProperty("reason").GetString().Should().Be("resolved");
        closure.GetProperty("closedBy").GetString().Should().Be(Users.Investigator.UserId);
        closure.Time("closedAt").Should().Be(summary.Time("lastUpdatedAt"));
        summary.Time("lastUpdatedAt").Should().BeAfter(summary.Time("openedAt"));
    }

    [Fact]
    public async Task a_declined_referral_shows_as_declined_with_the_reason_as_its_findings()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var referralId = await Host.Refer(id, "DISNAKER");
        await Host.AnswerReferral(id, referralId, "declined", "Not a manpower matter", by: Users.ManpowerOfficer);

        var referral = (await Host.Summary(id)).GetProperty("referrals")[0];

        referral.GetProperty("status").GetString().Should().Be("declined");
        referral.GetProperty("findings").GetString().Should().Be("Not a manpower matter");
    }

    [Fact]
    public async Task the_status_is_the_first_rule_that_matches_as_the_case_moves_on()
    {
        var id = await Host.OpenCase();
        (await Host.StatusOf(id)).Should().Be("reported");

        await Host.Verify(id);
        (await Host.StatusOf(id)).Should().Be("verified");

        var toManpower = await Host.Refer(id, "DISNAKER");
        (await Host.StatusOf(id)).Should().Be("referred");

        await Host.AnswerReferral(id, toManpower, by: Users.ManpowerOfficer);
        (await Host.StatusOf(id)).Should().Be("verified", "no referral is open any more");

        await Host.Refer(id, "POLRI");
        await Host.Decide(id);
        (await Host.StatusOf(id)).Should().Be("actionTaken", "a standing decision wins over an open referral");

        await Host.Close(id);
        (await Host.StatusOf(id)).Should().Be("closed", "closed wins over everything");

        await Host.Reopen(id);
        (await Host.StatusOf(id)).Should().Be("actionTaken", "reopening returns the case to what its events before the closure gave");
    }

    [Fact]
    public async Task a_reopened_case_whose_closure_withdrew_its_referral_reads_as_verified_again()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var referralId = await Host.Refer(id, "DISNAKER");
        await Host.Close(id);

        await Host.Reopen(id);

        var summary = await Host.Summary(id);
        summary.GetProperty("status").GetString().Should().Be("verified");
        summary.GetProperty("referrals")[0].GetProperty("referralId").GetGuid().Should().Be(referralId);
        summary.GetProperty("referrals")[0].GetProperty("status").GetString().Should().Be("withdrawn");
        summary.GetProperty("closure").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task a_reopened_case_that_was_only_reported_reads_as_reported_again()
    {
        var id = await Host.OpenCase();
        await Host.Close(id);

        await Host.Reopen(id);

        (await Host.StatusOf(id)).Should().Be("reported");
    }

    [Fact]
    public async Task an_unknown_case_is_a_404_problem()
    {
        var answer = await Host.Get(Users.Investigator, $"/api/cases/{Guid.CreateVersion7()}").Expect(404);

        answer.ContentType.Should().StartWith("application/problem+json");
        answer.Json.GetProperty("status").GetInt32().Should().Be(404);
        answer.Json.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        answer.Json.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
    }
}
