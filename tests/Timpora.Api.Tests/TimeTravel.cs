using System.Text.Json;
using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests;

public sealed class TimeTravel(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly TimeSpan Makassar = TimeSpan.FromHours(8);

    [Fact]
    public async Task version_1_answers_the_case_as_first_reported()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Refer(id, "DISNAKER");

        var answer = await Host.Get(Users.Investigator, $"/api/cases/{id}?version=1").Expect(200);

        answer.ETag.Should().Be("\"1\"");
        answer.Json.GetProperty("status").GetString().Should().Be("reported");
        answer.Json.GetProperty("version").GetInt64().Should().Be(1);
        answer.Json.GetProperty("verification").ValueKind.Should().Be(JsonValueKind.Null);
        answer.Json.GetProperty("referrals").GetArrayLength().Should().Be(0);
        (await Host.StatusOf(id)).Should().Be("referred", "reading the past changes nothing");
    }

    [Fact]
    public async Task a_version_in_the_middle_answers_the_case_as_it_stood_after_that_event()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Refer(id, "DISNAKER");

        var answer = await Host.Get(Users.Investigator, $"/api/cases/{id}?version=2").Expect(200);

        answer.ETag.Should().Be("\"2\"");
        answer.Json.GetProperty("status").GetString().Should().Be("verified");
        answer.Json.GetProperty("referrals").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task as_of_a_moment_between_two_writes_answers_the_case_as_it_stood_then()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Refer(id, "DISNAKER");
        // After the verification was stored (the history's time) and before the referral was decided (the summary's time).
        var verificationStored = (await Host.HistoryOf(id))[1].Time("at");
        var referralDecided = (await Host.Summary(id)).Time("lastUpdatedAt");
        referralDecided.Should().BeAfter(verificationStored);
        var between = (verificationStored + (referralDecided - verificationStored) / 2).ToOffset(Makassar);

        var answer = await Host.Get(Users.Investigator, $"/api/cases/{id}?asOf={Reads.Query(between)}").Expect(200);

        answer.ETag.Should().Be("\"2\"");
        answer.Json.GetProperty("version").GetInt64().Should().Be(2);
        answer.Json.GetProperty("status").GetString().Should().Be("verified");
        answer.Json.GetProperty("referrals").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task as_of_the_moment_of_a_write_includes_that_write()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var reported = (await Host.HistoryOf(id))[0].Time("at");

        var answer = await Host.Get(Users.Investigator, $"/api/cases/{id}?asOf={Reads.Query(reported)}").Expect(200);

        answer.Json.GetProperty("version").GetInt64().Should().Be(1);
        answer.Json.GetProperty("status").GetString().Should().Be("reported");
    }

    [Fact]
    public async Task as_of_a_time_the_summary_shows_answers_the_case_as_that_change_left_it()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Refer(id, "DISNAKER");
        var summary = await Host.Summary(id);
        var openedAt = summary.Time("openedAt");
        var verifiedAt = summary.GetProperty("verification").Time("verifiedAt");
        var referredAt = summary.Time("lastUpdatedAt");

        var opened = await Host.Get(Users.Investigator, $"/api/cases/{id}?asOf={Reads.Query(openedAt)}").Expect(200);
        var verified = await Host.Get(Users.Investigator, $"/api/cases/{id}?asOf={Reads.Query(verifiedAt)}").Expect(200);
        var referred = await Host.Get(Users.Investigator, $"/api/cases/{id}?asOf={Reads.Query(referredAt)}").Expect(200);

        opened.Json.GetProperty("status").GetString().Should().Be("reported");
        verified.Json.GetProperty("status").GetString().Should().Be("verified");
        referred.Json.GetProperty("status").GetString().Should().Be("referred");
        referred.ETag.Should().Be("\"3\"");
    }

    [Fact]
    public async Task an_objection_counts_from_when_it_was_filed_though_it_was_recorded_later()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var decidedAt = Fixture.Clock.GetUtcNow().AddHours(-2);
        var decisionId = await Host.Decide(id, Bodies.Decision().With("decidedAt", decidedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        var filedAt = Fixture.Clock.GetUtcNow().AddMinutes(-30);
        await Host.FileObjection(id, decisionId, filedAt);

        var before = await Host.Get(Users.Investigator, $"/api/cases/{id}?asOf={Reads.Query(filedAt.AddTicks(-10))}").Expect(200);
        var asFiled = await Host.Get(Users.Investigator, $"/api/cases/{id}?asOf={Reads.Query(filedAt)}").Expect(200);

        before.Json.GetProperty("actions")[0].GetProperty("objection").ValueKind.Should().Be(JsonValueKind.Null);
        asFiled.Json.GetProperty("actions")[0].GetProperty("objection").GetProperty("outcome").GetString().Should().Be("pending");
        asFiled.ETag.Should().Be("\"4\"");
    }

    [Fact]
    public async Task as_of_now_answers_the_current_case()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var answer = await Host.Get(Users.Investigator, $"/api/cases/{id}?asOf={Reads.Query(Fixture.Clock.GetUtcNow().AddMinutes(1))}").Expect(200);

        answer.ETag.Should().Be("\"2\"");
        answer.Json.GetProperty("status").GetString().Should().Be("verified");
    }

    [Fact]
    public async Task a_point_before_the_case_existed_is_a_404()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var reported = (await Host.HistoryOf(id))[0].Time("at");

        var answer = await Host.Get(Users.Investigator, $"/api/cases/{id}?asOf={Reads.Query(reported.AddSeconds(-1))}").Expect(404);

        answer.ContentType.Should().StartWith("application/problem+json");
        await Host.Get(Users.Investigator, $"/api/cases/{id}?asOf=2000-01-01T00:00:00Z").Expect(404);
    }

    [Fact]
    public async Task a_version_beyond_the_current_one_is_a_404()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var answer = await Host.Get(Users.Investigator, $"/api/cases/{id}?version=3").Expect(404);

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
        var id = await Host.OpenCase();

        var answer = await Host.Get(Users.Investigator, $"/api/cases/{id}?{query}").Expect(400);

        answer.ContentType.Should().StartWith("application/problem+json");
        answer.Json.GetProperty("status").GetInt32().Should().Be(400);
        answer.Json.GetProperty("errors").GetProperty(field).GetArrayLength().Should().BePositive();
    }

    [Fact]
    public async Task an_agency_referred_later_may_read_the_case_as_it_stood_before_the_referral()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Refer(id, "DISNAKER");

        var answer = await Host.Get(Users.ManpowerOfficer, $"/api/cases/{id}?version=1").Expect(200);

        answer.Json.GetProperty("status").GetString().Should().Be("reported");
    }

    [Fact]
    public async Task the_past_of_a_case_one_may_not_see_is_a_404()
    {
        var id = await Host.OpenCase(by: Users.Reporter);

        await Host.Get(Users.OtherReporter, $"/api/cases/{id}?version=1").Expect(404);
        await Host.Get(Users.PoliceOfficer, $"/api/cases/{id}?asOf={Reads.Query(Fixture.Clock.GetUtcNow())}").Expect(404);
    }
}
