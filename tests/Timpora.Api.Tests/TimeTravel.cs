using System.Text.Json;
using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests;

public sealed class TimeTravel(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly TimeSpan Makassar = TimeSpan.FromHours(8);

    [Fact]
    public async Task version_1_answers_the_case_as_first_reported()
    {
        var id = await Host.VerifiedCase();
        await Host.ReferTo(id, "DISNAKER");

        var answer = await Host.Read(Users.Investigator, $"/api/cases/{id}?version=1");

        answer.ETag.Should().Be("\"1\"");
        answer.Body.GetProperty("status").GetString().Should().Be("reported");
        answer.Body.GetProperty("version").GetInt64().Should().Be(1);
        answer.Body.GetProperty("verification").ValueKind.Should().Be(JsonValueKind.Null);
        answer.Body.GetProperty("referrals").GetArrayLength().Should().Be(0);
        (await Host.StatusOf(id)).Should().Be("referred", "reading the past changes nothing");
    }

    [Fact]
    public async Task a_version_in_the_middle_answers_the_case_as_it_stood_after_that_event()
    {
        var id = await Host.VerifiedCase();
        await Host.ReferTo(id, "DISNAKER");

        var answer = await Host.Read(Users.Investigator, $"/api/cases/{id}?version=2");

        answer.ETag.Should().Be("\"2\"");
        answer.Body.GetProperty("status").GetString().Should().Be("verified");
        answer.Body.GetProperty("referrals").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task as_of_a_moment_between_two_writes_answers_the_case_as_it_stood_then()
    {
        var id = await Host.VerifiedCase();
        await Host.ReferTo(id, "DISNAKER");
        // After the verification was stored (the history's time) and before the referral was decided (the summary's time).
        var verificationStored = (await Host.HistoryOf(id))[1].Time("at");
        var referralDecided = (await Host.Summary(id)).Time("lastUpdatedAt");
        referralDecided.Should().BeAfter(verificationStored);
        var between = (verificationStored + (referralDecided - verificationStored) / 2).ToOffset(Makassar);

        var answer = await Host.Read(Users.Investigator, $"/api/cases/{id}?asOf={ReadScenarios.Query(between)}");

        answer.ETag.Should().Be("\"2\"");
        answer.Body.GetProperty("version").GetInt64().Should().Be(2);
        answer.Body.GetProperty("status").GetString().Should().Be("verified");
        answer.Body.GetProperty("referrals").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task as_of_the_moment_of_a_write_includes_that_write()
    {
        var id = await Host.VerifiedCase();
        var reported = (await Host.HistoryOf(id))[0].Time("at");

        var answer = await Host.Read(Users.Investigator, $"/api/cases/{id}?asOf={ReadScenarios.Query(reported)}");

        answer.Body.GetProperty("version").GetInt64().Should().Be(1);
        answer.Body.GetProperty("status").GetString().Should().Be("reported");
    }

    [Fact]
    public async Task as_of_a_time_the_summary_shows_answers_the_case_as_that_change_left_it()
    {
        var id = await Host.VerifiedCase();
        await Host.ReferTo(id, "DISNAKER");
        var summary = await Host.Summary(id);
        var openedAt = summary.Time("openedAt");
        var verifiedAt = summary.GetProperty("verification").Time("verifiedAt");
        var referredAt = summary.Time("lastUpdatedAt");

        var opened = await Host.Read(Users.Investigator, $"/api/cases/{id}?asOf={ReadScenarios.Query(openedAt)}");
        var verified = await Host.Read(Users.Investigator, $"/api/cases/{id}?asOf={ReadScenarios.Query(verifiedAt)}");
        var referred = await Host.Read(Users.Investigator, $"/api/cases/{id}?asOf={ReadScenarios.Query(referredAt)}");

        opened.Body.GetProperty("status").GetString().Should().Be("reported");
        verified.Body.GetProperty("status").GetString().Should().Be("verified");
        referred.Body.GetProperty("status").GetString().Should().Be("referred");
        referred.ETag.Should().Be("\"3\"");
    }

    [Fact]
    public async Task as_of_now_answers_the_current_case()
    {
        var id = await Host.VerifiedCase();

        var answer = await Host.Read(Users.Investigator, $"/api/cases/{id}?asOf={ReadScenarios.Query(Fixture.Clock.GetUtcNow().AddMinutes(1))}");

        answer.ETag.Should().Be("\"2\"");
        answer.Body.GetProperty("status").GetString().Should().Be("verified");
    }

    [Fact]
    public async Task a_point_before_the_case_existed_is_a_404()
    {
        var id = await Host.VerifiedCase();
        var reported = (await Host.HistoryOf(id))[0].Time("at");

        var answer = await Host.Read(Users.Investigator, $"/api/cases/{id}?asOf={ReadScenarios.Query(reported.AddSeconds(-1))}", 404);

        answer.ContentType.Should().StartWith("application/problem+json");
        await Host.Read(Users.Investigator, $"/api/cases/{id}?asOf=2000-01-01T00:00:00Z", 404);
    }

    [Fact]
    public async Task a_version_beyond_the_current_one_is_a_404()
    {
        var id = await Host.VerifiedCase();

        var answer = await Host.Read(Users.Investigator, $"/api/cases/{id}?version=3", 404);

        answer.ContentType.Should().StartWith("application/problem+json");
    }

    [Theory]
    [InlineData("asOf=yesterday", "asOf")]
    [InlineData("asOf=2025-13-45T10:00:00Z", "asOf")]
    [InlineData("version=-1", "version")]
    [InlineData("version=0", "version")]
    [InlineData("version=two", "version")]
    [InlineData("version=1&asOf=2025-07-09T08:30:00%2B08:00", "version")]
    public async Task a_point_in_time_that_cannot_be_read_is_a_400_problem(string query, string field)
    {
        var id = await Host.ReportedCase();

        var answer = await Host.Read(Users.Investigator, $"/api/cases/{id}?{query}", 400);

        answer.ContentType.Should().StartWith("application/problem+json");
        answer.Body.GetProperty("status").GetInt32().Should().Be(400);
        answer.Body.GetProperty("errors").GetProperty(field).GetArrayLength().Should().BePositive();
    }

    [Fact]
    public async Task an_agency_referred_later_may_read_the_case_as_it_stood_before_the_referral()
    {
        var id = await Host.VerifiedCase();
        await Host.ReferTo(id, "DISNAKER");

        var answer = await Host.Read(Users.ManpowerOfficer, $"/api/cases/{id}?version=1");

        answer.Body.GetProperty("status").GetString().Should().Be("reported");
    }

    [Fact]
    public async Task the_past_of_a_case_one_may_not_see_is_a_404()
    {
        var id = await Host.ReportedCase(by: Users.Reporter);

        await Host.Read(Users.OtherReporter, $"/api/cases/{id}?version=1", 404);
        await Host.Read(Users.PoliceOfficer, $"/api/cases/{id}?asOf={ReadScenarios.Query(Fixture.Clock.GetUtcNow())}", 404);
    }
}
