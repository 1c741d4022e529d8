using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests.ReadModels;

public sealed class ProfilesAndReviewsTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task a_profile_gathers_every_case_and_name_of_one_passport()
    {
        var first = await Host.VerifiedAs("Soppeng", "CHN", "permitMisuse", passport: "E99887766", name: "Li Wei");
        var second = await Host.VerifiedAs("Barru", "CHN", "overstay", passport: "E99887766", name: "Wei Li");
        await Host.VerifiedAs("Barru", "CHN", "compliant", passport: "E11111111", name: "Zhang Min");
        await Host.ProjectionsCaughtUp();

        var profiles = await Host.GetJson(Users.Investigator, "/api/foreign-nationals?nationality=CHN&passportNumber=e99887766");

        var profile = profiles.EnumerateArray().Should().ContainSingle().Subject;
        profile.GetProperty("nationality").GetString().Should().Be("CHN");
        profile.GetProperty("passportNumber").GetString().Should().Be("E99887766");
        profile.GetProperty("names").EnumerateArray().Select(n => n.GetString()).Should().BeEquivalentTo(["Li Wei", "Wei Li"]);
        var cases = profile.GetProperty("cases").EnumerateArray().ToList();
        cases.Select(c => c.GetProperty("caseId").GetGuid()).Should().BeEquivalentTo([first, second]);
        cases.Should().OnlyContain(c => c.GetProperty("status").GetString() == "verified");

        (await Host.GetJson(Users.Investigator, "/api/foreign-nationals?nationality=CHN")).GetArrayLength().Should().Be(2);
        await Host.GetJson(Users.Investigator, "/api/foreign-nationals", 400);
        await Host.GetJson(Users.Reporter, "/api/foreign-nationals?nationality=CHN", 403);
    }

    [Fact]
    public async Task the_review_queue_holds_decisions_without_a_review_or_needing_information()
    {
        var unreviewed = await Host.VerifiedAs("Soppeng", "CHN", "permitMisuse");
        var waiting = await Host.Decided(unreviewed);
        var compliantCase = await Host.VerifiedAs("Soppeng", "CHN", "permitMisuse", passport: "E2");
        await Host.Reviewed(compliantCase, await Host.Decided(compliantCase), "compliant");
        var questionedCase = await Host.VerifiedAs("Soppeng", "CHN", "permitMisuse", passport: "E3");
        var questioned = await Host.Decided(questionedCase);
        await Host.Reviewed(questionedCase, questioned, "needsInformation");
        await Host.ProjectionsCaughtUp();

        var pending = await Host.GetJson(Users.Auditor, "/api/reviews/pending");

        pending.EnumerateArray().Select(p => p.GetProperty("decisionId").GetGuid()).Should().Equal(waiting, questioned);
        var first = pending[0];
        first.GetProperty("caseId").GetGuid().Should().Be(unreviewed);
        first.GetProperty("type").GetString().Should().Be("warning");
        first.GetProperty("decidedBy").GetString().Should().Be(Users.Investigator.UserId);
        first.TryGetProperty("decidedAt", out _).Should().BeTrue();
        await Host.GetJson(Users.ManpowerOfficer, "/api/reviews/pending", 403);
    }
}
