using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests.ReadModels;

public sealed class AgencyWorkloadTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private DateOnly Today => DateOnly.FromDateTime(Fixture.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    [Fact]
    public async Task an_agency_sees_its_open_overdue_answered_and_declined_referrals()
    {
        var overdueCase = await Host.ReportedCase();
        var overdue = await Host.Referred(overdueCase, "DISNAKER", Today.AddDays(-1));
        var dueCase = await Host.ReportedCase();
        var due = await Host.Referred(dueCase, "DISNAKER", Today.AddDays(7));
        var answeredCase = await Host.ReportedCase();
        await Host.Answered(answeredCase, await Host.Referred(answeredCase, "DISNAKER", Today.AddDays(3)));
        var declinedCase = await Host.ReportedCase();
        await Host.Answered(declinedCase, await Host.Referred(declinedCase, "DISNAKER", Today.AddDays(3)), "declined");
        await Host.Referred(await Host.ReportedCase(), "POLRI", Today.AddDays(3));

        await Host.ProjectionsCaughtUp();

        var all = await Host.GetJson(Users.Supervisor, "/api/workload/agencies");
        var disnaker = all.EnumerateArray().Single(a => a.GetProperty("agency").GetString() == "DISNAKER");
        disnaker.GetProperty("openReferrals").GetInt32().Should().Be(2);
        disnaker.GetProperty("overdueReferrals").GetInt32().Should().Be(1);
        disnaker.GetProperty("answeredReferrals").GetInt32().Should().Be(1);
        disnaker.GetProperty("declinedReferrals").GetInt32().Should().Be(1);
        all.EnumerateArray().Single(a => a.GetProperty("agency").GetString() == "POLRI").GetProperty("openReferrals").GetInt32().Should().Be(1);

        var detail = await Host.GetJson(Users.Investigator, "/api/workload/agencies/DISNAKER");
        var open = detail.GetProperty("open").EnumerateArray().ToList();
        open.Select(o => o.GetProperty("referralId").GetGuid()).Should().Equal(overdue, due);
        open[0].GetProperty("overdue").GetBoolean().Should().BeTrue();
        open[0].GetProperty("caseId").GetGuid().Should().Be(overdueCase);
        open[0].GetProperty("caseNumber").GetString().Should().StartWith("SOPPENG-");
        open[0].GetProperty("dueBy").GetString().Should().Be(Today.AddDays(-1).ToString("yyyy-MM-dd"));
        open[1].GetProperty("overdue").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task an_agency_officer_reads_only_their_own_agencys_workload()
    {
        await Host.Referred(await Host.ReportedCase(), "DISNAKER", Today.AddDays(3));
        await Host.ProjectionsCaughtUp();

        var own = await Host.GetJson(Users.ManpowerOfficer, "/api/workload/agencies");
        own.EnumerateArray().Select(a => a.GetProperty("agency").GetString()).Should().Equal("DISNAKER");
        (await Host.GetJson(Users.ManpowerOfficer, "/api/workload/agencies/DISNAKER"))
            .GetProperty("openReferrals").GetInt32().Should().Be(1);

        await Host.GetJson(Users.PoliceOfficer, "/api/workload/agencies/DISNAKER", 403);
        await Host.GetJson(Users.Reporter, "/api/workload/agencies", 403);
        await Host.GetJson(Users.Supervisor, "/api/workload/agencies/NOPE", 404);
    }

    [Fact]
    public async Task an_investigators_queue_holds_their_open_assigned_cases()
    {
        var first = await Host.ReportedCase();
        var second = await Host.ReportedCase(regency: "Barru");
        var closed = await Host.ReportedCase();
        var someoneElses = await Host.ReportedCase();
        foreach (var id in new[] { first, second, closed })
            await Host.PostJson(Users.Supervisor, $"/api/cases/{id}/assignment", new { investigatorId = "inv-andi" }, 200);
        await Host.PostJson(Users.Supervisor, $"/api/cases/{someoneElses}/assignment", new { investigatorId = "inv-rina" }, 200);
        await Host.PostJson(Users.Investigator, $"/api/cases/{closed}/closure", new { reason = "duplicate" }, 200);

        var queue = await Host.GetJson(Users.Supervisor, "/api/workload/investigators/inv-andi");

        queue.GetProperty("userId").GetString().Should().Be("inv-andi");
        var cases = queue.GetProperty("openCases").EnumerateArray().ToList();
        cases.Select(c => c.GetProperty("caseId").GetGuid()).Should().BeEquivalentTo([first, second]);
        cases.Should().OnlyContain(c => c.GetProperty("status").GetString() == "reported" && c.GetProperty("caseNumber").GetString()!.Length > 0);
    }
}
