using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Timpora.Api.Tests.Support;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Tracking;

namespace Timpora.Api.Tests.Safeguards;

/// <summary>
/// Deadlines watched by durable Wolverine messages, stored with the events that start them. Time is the test clock:
/// a test moves it past a deadline (and Wolverine's stored schedule with it) and has the due checks run.
/// </summary>
public sealed class LegalClockTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly TimeSpan Wita = TimeSpan.FromHours(8);

    private TestClock Clock => Fixture.Clock;

    private DateTimeOffset Now => Clock.GetUtcNow().ToOffset(Wita);

    private DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    private LegalCalendar Calendar => Host.Services.GetRequiredService<LegalCalendar>();

    private static string Iso(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    [Fact]
    public async Task a_referral_unanswered_past_its_due_date_is_recorded_overdue_by_the_legal_clock()
    {
        await Host.ForgetScheduledClocks();
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var referralId = await Host.Refer(id, "DISNAKER", dueBy: Today.AddDays(3));
        (await Host.ScheduledClocks()).Should().ContainSingle().Which.MessageType.Should().Contain(nameof(CheckReferralDeadline));

        await Host.AdvanceClock(Clock, TimeSpan.FromDays(5));
        await Host.RunDueClocks(id);

        var recorded = (await Host.Stream(id))[^1];
        var overdue = recorded.Data.Should().BeOfType<ReferralOverdue>().Subject;
        overdue.ReferralId.Should().Be(referralId);
        overdue.DueBy.Should().Be(Today.AddDays(-2));
        overdue.RecordedBy.Should().Be(LegalClocks.Actor.UserId);
        recorded.Headers!["role"].ToString().Should().Be(LegalClocks.SystemRole);

        var summary = await Host.Summary(id);
        summary.GetProperty("referrals")[0].GetProperty("overdue").GetBoolean().Should().BeTrue();
        summary.GetProperty("referrals")[0].GetProperty("status").GetString().Should().Be("open");

        var history = await Host.HistoryOf(id);
        history[history.GetArrayLength() - 1].GetProperty("type").GetString().Should().Be(nameof(ReferralOverdue));
        history[history.GetArrayLength() - 1].GetProperty("actor").GetProperty("userId").GetString().Should().Be("legal-clock");
        history[history.GetArrayLength() - 1].GetProperty("summary").GetString().Should().Contain("DISNAKER").And.Contain("overdue");

        (await Host.Get(Users.Auditor, $"/api/cases/{id}/integrity").Expect(200)).Json.GetProperty("valid").GetBoolean()
            .Should().BeTrue("the clock's event is sealed into the case's chain like any other");

        await Host.ProjectionsCaughtUp();
        var workload = (await Host.Get(Users.Supervisor, "/api/workload/agencies/DISNAKER").Expect(200)).Json;
        workload.GetProperty("overdueReferrals").GetInt32().Should().Be(1);
        workload.GetProperty("items")[0].GetProperty("overdue").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task a_clock_that_fires_again_records_nothing_more()
    {
        await Host.ForgetScheduledClocks();
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var dueBy = Today.AddDays(1);
        var referralId = await Host.Refer(id, "DISNAKER", dueBy: dueBy);
        await Host.AdvanceClock(Clock, TimeSpan.FromDays(3));
        await Host.RunDueClocks(id);
        var version = await Host.Version(id);

        await Host.InvokeMessageAndWaitAsync(new CheckReferralDeadline(id, referralId, Calendar.EndOf(dueBy)));

        (await Host.Version(id)).Should().Be(version);
        (await Host.Stream(id)).Count(e => e.Data is ReferralOverdue).Should().Be(1);
    }

    [Fact]
    public async Task a_check_arriving_before_its_deadline_is_put_back_until_then()
    {
        await Host.ForgetScheduledClocks();
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var dueBy = Today.AddDays(3);
        var referralId = await Host.Refer(id, "DISNAKER", dueBy: dueBy);
        var version = await Host.Version(id);

        await Host.InvokeMessageAndWaitAsync(new CheckReferralDeadline(id, referralId, Calendar.EndOf(dueBy)));

        (await Host.Version(id)).Should().Be(version);
        (await Host.ScheduledClocks()).Should().HaveCount(2, "the early check is stored again for its deadline, beside the original")
            .And.OnlyContain(m => m.MessageType!.Contains(nameof(CheckReferralDeadline)));
    }

    [Fact]
    public async Task a_referral_answered_in_time_leaves_its_clock_nothing_to_record()
    {
        await Host.ForgetScheduledClocks();
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var referralId = await Host.Refer(id, "DISNAKER", dueBy: Today.AddDays(3));
        await Host.AnswerReferral(id, referralId, by: Users.ManpowerOfficer);
        var version = await Host.Version(id);

        await Host.AdvanceClock(Clock, TimeSpan.FromDays(5));
        await Host.RunDueClocks(id);

        (await Host.Version(id)).Should().Be(version);
    }

    [Fact]
    public async Task a_refused_write_starts_no_clock_and_a_past_due_date_starts_none_either()
    {
        await Host.ForgetScheduledClocks();
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Close(id);

        var refused = await Host.Post(Users.Investigator, $"/api/cases/{id}/referrals", Bodies.Referral("DISNAKER", "Check the employer", Today.AddDays(3)));
        refused.ShouldBeProblem(409);
        (await Host.ScheduledClocks()).Should().BeEmpty("the clock is stored in the transaction of the refused events, which never commits");

        var open = await Host.OpenCase();
        await Host.Verify(open);
        await Host.Refer(open, "DISNAKER", dueBy: Today.AddDays(-1));
        (await Host.ScheduledClocks()).Should().BeEmpty("a referral due before it was made is overdue from the start; no deadline is left to watch");
    }

    [Fact]
    public async Task a_detention_whose_review_date_passes_without_a_new_decision_is_recorded_missed()
    {
        await Host.ForgetScheduledClocks();
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var reviewBy = Now.AddDays(10);
        var detention = await Host.Decide(id, Bodies.Decision("detention")
            .With("detention.startsAt", Iso(Now.AddHours(-1))).With("detention.reviewBy", Iso(reviewBy)));
        (await Host.ScheduledClocks()).Should().ContainSingle().Which.MessageType.Should().Contain(nameof(CheckDetentionReview));

        await Host.AdvanceClock(Clock, TimeSpan.FromDays(11));
        await Host.RunDueClocks(id);

        var missed = (await Host.Stream(id))[^1].Data.Should().BeOfType<DetentionReviewMissed>().Subject;
        missed.DecisionId.Should().Be(detention);
        missed.ReviewBy.Should().Be(reviewBy);
        (await Host.Summary(id)).ActionIn(detention).GetProperty("detentionReviewMissed").GetBoolean().Should().BeTrue();

        await Host.ProjectionsCaughtUp();
        var pending = (await Host.Get(Users.Auditor, "/api/reviews/pending").Expect(200)).Json.GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("decisionId").GetGuid() == detention);
        pending.GetProperty("detentionReviewMissed").GetBoolean().Should().BeTrue();
        pending.GetProperty("notCovered").EnumerateArray().Select(c => c.GetString()).Should().Contain("detention");
    }

    [Fact]
    public async Task a_new_decision_before_the_review_date_is_the_review()
    {
        await Host.ForgetScheduledClocks();
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Decide(id, Bodies.Decision("detention")
            .With("detention.startsAt", Iso(Now.AddHours(-1))).With("detention.reviewBy", Iso(Now.AddDays(10))));
        await Host.AdvanceClock(Clock, TimeSpan.FromDays(9));
        await Host.Decide(id, Bodies.Decision("deportation"));
        var version = await Host.Version(id);

        await Host.AdvanceClock(Clock, TimeSpan.FromDays(2));
        await Host.RunDueClocks(id);

        (await Host.Version(id)).Should().Be(version);
    }

    [Fact]
    public async Task an_objection_left_undecided_for_ten_working_days_is_recorded_overdue()
    {
        await Host.ForgetScheduledClocks();
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var decision = await Host.Decide(id, Bodies.Decision("deportation"));
        var dueBy = await Host.FileObjection(id, decision, Now);
        dueBy.Should().Be(Calendar.AddWorkingDays(Today, 10));

        await Host.AdvanceClock(Clock, Calendar.EndOf(dueBy) - Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        await Host.RunDueClocks(id);

        (await Host.Stream(id))[^1].Data.Should().BeOfType<ObjectionDecisionOverdue>().Which.DueBy.Should().Be(dueBy);
        (await Host.Summary(id)).ActionIn(decision).GetProperty("objection").GetProperty("overdue").GetBoolean().Should().BeTrue();

        await Host.ProjectionsCaughtUp();
        var pending = (await Host.Get(Users.Auditor, "/api/reviews/pending").Expect(200)).Json.GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("decisionId").GetGuid() == decision);
        pending.GetProperty("objection").GetProperty("overdue").GetBoolean().Should().BeTrue();
        pending.GetProperty("objection").GetProperty("outcome").GetString().Should().Be("pending");
    }

    [Fact]
    public async Task an_objection_decided_in_time_leaves_its_clock_nothing_to_record()
    {
        await Host.ForgetScheduledClocks();
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var decision = await Host.Decide(id, Bodies.Decision("deportation"));
        await Host.FileObjection(id, decision, Now);
        await Host.DecideObjection(id, decision, "rejected");
        var version = await Host.Version(id);

        await Host.AdvanceClock(Clock, TimeSpan.FromDays(30));
        await Host.RunDueClocks(id);

        (await Host.Version(id)).Should().Be(version);
    }
}
