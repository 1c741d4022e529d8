using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests.ReadModels;

public sealed class AgencyWorkloadCounting(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task overdue_is_judged_against_the_office_date_not_the_utc_date()
    {
        // 17:30 UTC is already 01:30 the next day in Makassar (UTC+8): the office's today is the UTC date plus one.
        var utcToday = DateOnly.FromDateTime(Fixture.Clock.GetUtcNow().UtcDateTime);
        Fixture.Clock.StopAt(new DateTimeOffset(utcToday.ToDateTime(new TimeOnly(17, 30)), TimeSpan.Zero));
        var officeToday = utcToday.AddDays(1);

        var dueYesterdayCase = await Host.OpenCase();
        var dueYesterday = await Host.Refer(dueYesterdayCase, "DISNAKER", dueBy: officeToday.AddDays(-1));
        var dueTodayCase = await Host.OpenCase();
        var dueToday = await Host.Refer(dueTodayCase, "DISNAKER", dueBy: officeToday);
        var answeredLateCase = await Host.OpenCase();
        await Host.AnswerReferral(answeredLateCase, await Host.Refer(answeredLateCase, "DISNAKER", dueBy: officeToday.AddDays(-10)));
        var declinedLateCase = await Host.OpenCase();
        await Host.AnswerReferral(declinedLateCase, await Host.Refer(declinedLateCase, "DISNAKER", dueBy: officeToday.AddDays(-10)), "declined");
        await Host.Refer(await Host.OpenCase(), "POLRI", dueBy: officeToday.AddDays(-3));
        await Host.ProjectionsCaughtUp();

        var all = (await Host.Get(Users.Supervisor, "/api/workload/agencies").Expect(200)).Json;
        var counts = all.EnumerateArray().ToDictionary(
            a => a.GetProperty("agency").GetString()!,
            a => (Open: a.GetProperty("openReferrals").GetInt32(), Overdue: a.GetProperty("overdueReferrals").GetInt32(),
                Answered: a.GetProperty("answeredReferrals").GetInt32(), Declined: a.GetProperty("declinedReferrals").GetInt32()));
        counts["DISNAKER"].Should().Be((2, 1, 1, 1));
        counts["POLRI"].Should().Be((1, 1, 0, 0));
        counts["BIN"].Should().Be((0, 0, 0, 0));

        var detail = (await Host.Get(Users.ManpowerOfficer, "/api/workload/agencies/DISNAKER").Expect(200)).Json;
        detail.GetProperty("openReferrals").GetInt32().Should().Be(2);
        detail.GetProperty("overdueReferrals").GetInt32().Should().Be(1);
        detail.GetProperty("answeredReferrals").GetInt32().Should().Be(1);
        detail.GetProperty("declinedReferrals").GetInt32().Should().Be(1);
        var open = detail.GetProperty("items").EnumerateArray().ToList();
        open.Select(o => o.GetProperty("referralId").GetGuid()).Should().Equal(dueYesterday, dueToday);
        open.Select(o => o.GetProperty("overdue").GetBoolean()).Should().Equal(true, false);
    }
}
