using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests.ReadModels;

public sealed class ProfilesAndReviewsTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task a_profile_gathers_every_case_and_name_of_one_passport()
    {
        var first = await Host.OpenCase(name: "Li Wei", passportNumber: null);
        await Host.Verify(first, fullName: "Li Wei", passportNumber: "E99887766");
        var second = await Host.OpenCase(regency: "Barru", name: "Wei Li", passportNumber: null);
        await Host.Verify(second, "overstay", fullName: "Wei Li", passportNumber: "E99887766");
        var other = await Host.OpenCase(regency: "Barru", name: "Zhang Min", passportNumber: null);
        await Host.Verify(other, "compliant", fullName: "Zhang Min", passportNumber: "E11111111");
        await Host.ProjectionsCaughtUp();

        var profiles = (await Host.Get(Users.Investigator, "/api/foreign-nationals?nationality=CHN&passportNumber=e99887766").Expect(200)).Json;

        var profile = profiles.GetProperty("items").EnumerateArray().Should().ContainSingle().Subject;
        profile.GetProperty("nationality").GetString().Should().Be("CHN");
        profile.GetProperty("passportNumber").GetString().Should().Be("E99887766");
        profile.GetProperty("names").EnumerateArray().Select(n => n.GetString()).Should().BeEquivalentTo(["Li Wei", "Wei Li"]);
        var cases = profile.GetProperty("cases").EnumerateArray().ToList();
        cases.Select(c => c.GetProperty("caseId").GetGuid()).Should().BeEquivalentTo([first, second]);
        cases.Should().OnlyContain(c => c.GetProperty("status").GetString() == "verified");

        (await Host.Get(Users.Investigator, "/api/foreign-nationals?nationality=CHN").Expect(200)).Json.GetProperty("items").GetArrayLength().Should().Be(2);
        await Host.Get(Users.Investigator, "/api/foreign-nationals").Expect(400);
        await Host.Get(Users.Reporter, "/api/foreign-nationals?nationality=CHN").Expect(403);
    }

    [Fact]
    public async Task the_review_queue_holds_decisions_without_a_review_or_needing_information()
    {
        var unreviewed = await Host.OpenCase(passportNumber: null);
        await Host.Verify(unreviewed);
        var waiting = await Host.Decide(unreviewed);
        var compliantCase = await Host.OpenCase(passportNumber: null);
        await Host.Verify(compliantCase, passportNumber: "E2");
        await Host.Review(compliantCase, await Host.Decide(compliantCase), "compliant");
        var questionedCase = await Host.OpenCase(passportNumber: null);
        await Host.Verify(questionedCase, passportNumber: "E3");
        var questioned = await Host.Decide(questionedCase);
        await Host.Review(questionedCase, questioned, "needsInformation");
        await Host.ProjectionsCaughtUp();

        var pending = (await Host.Get(Users.Auditor, "/api/reviews/pending").Expect(200)).Json;

        pending.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("decisionId").GetGuid()).Should().Equal(waiting, questioned);
        var first = pending.GetProperty("items")[0];
        first.GetProperty("caseId").GetGuid().Should().Be(unreviewed);
        first.GetProperty("type").GetString().Should().Be("warning");
        first.GetProperty("decidedBy").GetString().Should().Be(Users.Investigator.UserId);
        first.TryGetProperty("decidedAt", out _).Should().BeTrue();
        await Host.Get(Users.ManpowerOfficer, "/api/reviews/pending").Expect(403);
    }
}
