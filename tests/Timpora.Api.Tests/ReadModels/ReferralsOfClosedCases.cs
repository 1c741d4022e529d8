using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests.ReadModels;

/// <summary>Closing a case withdraws its open referrals: the summary, the agency workload and a reopening all agree.</summary>
public sealed class ReferralsOfClosedCases(AppFixture fixture) : IntegrationContext(fixture)
{
    private DateOnly Today => DateOnly.FromDateTime(Fixture.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

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
        workload.GetProperty("open").EnumerateArray().Select(r => r.GetProperty("referralId").GetGuid()).Should().Equal(stillOwed);

        var history = await Host.HistoryOf(id);
        history.EnumerateArray().Select(e => e.GetProperty("type").GetString()).Should()
            .ContainInOrder("CaseClosed", "ReferralWithdrawn", "CaseReopened");
    }
}
