using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests.ReadModels;

public sealed class AgencyWorkloadTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private DateOnly Today => DateOnly.FromDateTime(Fixture.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    [Fact]
    public async Task an_agency_sees_its_open_overdue_answered_and_declined_referrals()
    {
        var overdueCase = await Host.OpenCase();
        var overdue = await Host.Refer(overdueCase, "DISNAKER", dueBy: Today.AddDays(-1));
        var dueCase = await Host.OpenCase();
        var due = await Host.Refer(dueCase, "DISNAKER", dueBy: Today.AddDays(7));
        var answeredCase = await Host.OpenCase();
        await Host.AnswerReferral(answeredCase, await Host.Refer(answeredCase, "DISNAKER", dueBy: Today.AddDays(3)));
        var declinedCase = await Host.OpenCase();
        await Host.AnswerReferral(declinedCase, await Host.Refer(declinedCase, "DISNAKER", dueBy: Today.AddDays(3)), "declined");
        await Host.Refer(await Host.OpenCase(), "POLRI", dueBy: Today.AddDays(3));

        await Host.ProjectionsCaughtUp();

        var all = (await Host.Get(Users.Supervisor, "/api/workload/agencies").Expect(200)).Json;
        var disnaker = all.EnumerateArray().Single(a => a.GetProperty("agency").GetString() == "DISNAKER");
        disnaker.GetProperty("openReferrals").GetInt32().Should().Be(2);
        disnaker.GetProperty("overdueReferrals").GetInt32().Should().Be(1);
        disnaker.GetProperty("answeredReferrals").GetInt32().Should().Be(1);
        disnaker.GetProperty("declinedReferrals").GetInt32().Should().Be(1);
        all.EnumerateArray().Single(a => a.GetProperty("agency").GetString() == "POLRI").GetProperty("openReferrals").GetInt32().Should().Be(1);

        var detail = (await Host.Get(Users.Investigator, "/api/workload/agencies/DISNAKER").Expect(200)).Json;
        var open = detail.GetProperty("items").EnumerateArray().ToList();
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
        await Host.Refer(await Host.OpenCase(), "DISNAKER", dueBy: Today.AddDays(3));
        await Host.ProjectionsCaughtUp();

        var own = (await Host.Get(Users.ManpowerOfficer, "/api/workload/agencies").Expect(200)).Json;
        own.EnumerateArray().Select(a => a.GetProperty("agency").GetString()).Should().Equal("DISNAKER");
        (await Host.Get(Users.ManpowerOfficer, "/api/workload/agencies/DISNAKER").Expect(200)).Json
            .GetProperty("openReferrals").GetInt32().Should().Be(1);

        await Host.Get(Users.PoliceOfficer, "/api/workload/agencies/DISNAKER").Expect(403);
        await Host.Get(Users.Reporter, "/api/workload/agencies").Expect(403);
        await Host.Get(Users.Supervisor, "/api/workload/agencies/NOPE").Expect(404);
    }

    [Fact]
    public async Task an_investigators_queue_holds_their_open_assigned_cases()
    {
        var first = await Host.OpenCase();
        var second = await Host.OpenCase(regency: "Barru");
        var closed = await Host.OpenCase();
        var someoneElses = await Host.OpenCase();
        foreach (var id in new[] { first, second, closed })
            await Host.Assign(id, "inv-andi");
        await Host.Assign(someoneElses, "inv-rina");
        await Host.Close(closed, "duplicate");

        var queue = (await Host.Get(Users.Supervisor, "/api/workload/investigators/inv-andi").Expect(200)).Json;

        queue.GetProperty("userId").GetString().Should().Be("inv-andi");
        var cases = queue.GetProperty("items").EnumerateArray().ToList();
        cases.Select(c => c.GetProperty("caseId").GetGuid()).Should().BeEquivalentTo([first, second]);
        cases.Should().OnlyContain(c => c.GetProperty("status").GetString() == "reported" && c.GetProperty("caseNumber").GetString()!.Length > 0);
    }

    // Closing a case withdraws its open referrals: the summary, the agency workload and a reopening all agree.
    [Fact]
    public async Task closing_a_case_withdraws_its_open_referrals_from_the_agency_workload_for_good()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var overdue = await Host.Refer(id, "KESBANGPOL", dueBy: Today.AddDays(-1));
        var answered = await Host.Refer(id, "KESBANGPOL", dueBy: Today.AddDays(3));
        await Host.AnswerReferral(id, answered);
        var open = await Host.OpenCase();
        var stillOwed = await Host.Refer(open, "KESBANGPOL", dueBy: Today.AddDays(-2));

        await Host.Close(id);
        await Host.Reopen(id);
        await Host.ProjectionsCaughtUp();

        var summary = await Host.Summary(id);
        var referrals = summary.GetProperty("referrals").EnumerateArray()
            .ToDictionary(r => r.GetProperty("referralId").GetGuid(), r => r.GetProperty("status").GetString());
        referrals.Should().Equal(new Dictionary<Guid, string?> { [overdue] = "withdrawn", [answered] = "answered" });
        summary.GetProperty("status").GetString().Should().Be("verified", "a reopening does not revive a withdrawn referral");

        var workload = (await Host.Get(Users.Supervisor, "/api/workload/agencies/KESBANGPOL").Expect(200)).Json;
        workload.GetProperty("openReferrals").GetInt32().Should().Be(1);
        workload.GetProperty("overdueReferrals").GetInt32().Should().Be(1);
        workload.GetProperty("answeredReferrals").GetInt32().Should().Be(1);
        workload.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("referralId").GetGuid()).Should().Equal(stillOwed);

        var history = await Host.HistoryOf(id);
        history.EnumerateArray().Select(e => e.GetProperty("type").GetString()).Should()
            .ContainInOrder("CaseClosed", "ReferralWithdrawn", "CaseReopened");
    }
}
