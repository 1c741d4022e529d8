using System.Globalization;
using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests.Safeguards;

/// <summary>
/// The person's objection (Permenimipas 2/2025 art. 73): filed within 21 working days after the decision, recorded on
/// their behalf by an investigator or a supervisor, decided by a supervisor; upheld, it reverses the decision.
/// </summary>
public sealed class ObjectionTests(AppFixture fixture) : IntegrationContext(fixture)
{
    // Decided on Friday 11 July 2025: the 21st working day after it is Monday 11 August 2025.
    private const string DecidedOnAFriday = "2025-07-11T10:00:00+08:00";

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse(time, CultureInfo.InvariantCulture);

    private static string ObjectionUrl(Guid id, Guid decisionId) => $"/api/cases/{id}/actions/{decisionId}/objection";

    private static string ObjectionDecisionUrl(Guid id, Guid decisionId) => $"{ObjectionUrl(id, decisionId)}/decision";

    private async Task<(Guid Id, Guid DecisionId)> Deported(string decidedAt = DecidedOnAFriday)
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        return (id, await Host.Decide(id, Bodies.Decision("deportation").With("decidedAt", decidedAt)));
    }

    [Fact]
    public async Task an_objection_within_the_deadline_is_recorded_and_shown_on_the_decision()
    {
        var (id, decisionId) = await Deported();

        var reply = await Host.Post(Users.Investigator, ObjectionUrl(id, decisionId), Bodies.Objection(At("2025-07-15T10:00:00+08:00")));

        reply.Status.Should().Be(201, reply.Text);
        reply.Header("ETag").Should().Be("\"4\"");
        reply.Json.GetProperty("version").GetInt64().Should().Be(4);
        reply.Json.GetProperty("decisionDueBy").GetString().Should().Be("2025-07-29");
        var filed = (await Host.Stream(id))[^1].Data.Should().BeOfType<ObjectionFiled>().Subject;
        filed.FilingDeadline.Should().Be(new DateOnly(2025, 8, 11));
        filed.RecordedBy.Should().Be(Users.Investigator.UserId);

        var action = (await Host.Summary(id)).ActionIn(decisionId);
        action.GetProperty("reversed").GetBoolean().Should().BeFalse();
        var objection = action.GetProperty("objection");
        objection.Time("filedAt").Should().Be(At("2025-07-15T10:00:00+08:00"));
        objection.GetProperty("deadline").GetString().Should().Be("2025-07-29");
        objection.GetProperty("outcome").GetString().Should().Be("pending");
        (await Host.StatusOf(id)).Should().Be("actionTaken");

        var history = await Host.HistoryOf(id, Users.Auditor);
        history[3].GetProperty("type").GetString().Should().Be(nameof(ObjectionFiled));
        history[3].GetProperty("actor").GetProperty("role").GetString().Should().Be("investigator");
    }

    [Fact]
    public async Task the_twenty_first_working_day_is_in_time_and_the_next_day_is_a_422()
    {
        var (onTime, onTimeDecision) = await Deported();
        var (late, lateDecision) = await Deported();

        var lastDay = await Host.Post(Users.Investigator, ObjectionUrl(onTime, onTimeDecision), Bodies.Objection(At("2025-08-11T23:30:00+08:00")));
        var dayAfter = await Host.Post(Users.Investigator, ObjectionUrl(late, lateDecision), Bodies.Objection(At("2025-08-12T00:30:00+08:00")));

        lastDay.Status.Should().Be(201, lastDay.Text);
        dayAfter.ShouldBeProblem(422).ErrorFields().Should().Equal("filedAt");
        (await Host.Stream(late)).Should().HaveCount(3);
    }

    [Fact]
    public async Task the_deadline_is_judged_on_the_offices_date_whatever_offset_the_filing_is_written_in()
    {
        var (id, decisionId) = await Deported();

        var reply = await Host.Post(Users.Investigator, ObjectionUrl(id, decisionId), Bodies.Objection(At("2025-08-11T16:30:00Z")));

        reply.ShouldBeProblem(422).ErrorFields().Should().Equal("filedAt");
    }

    [Fact]
    public async Task an_objection_dated_in_the_future_is_a_422()
    {
        var (id, decisionId) = await Deported(Fixture.Clock.GetUtcNow().AddDays(-1).ToString("O", CultureInfo.InvariantCulture));
        Fixture.Clock.StopAt(Fixture.Clock.GetUtcNow());

        var future = await Host.Post(Users.Investigator, ObjectionUrl(id, decisionId), Bodies.Objection(Fixture.Clock.GetUtcNow().AddMinutes(1)));
        var now = await Host.Post(Users.Investigator, ObjectionUrl(id, decisionId), Bodies.Objection(Fixture.Clock.GetUtcNow()));

        future.ShouldBeProblem(422).ErrorFields().Should().Equal("filedAt");
        now.Status.Should().Be(201, now.Text);
    }

    [Fact]
    public async Task a_second_objection_to_the_same_decision_is_a_409()
    {
        var (id, decisionId) = await Deported();
        await Host.FileObjection(id, decisionId, At("2025-07-15T10:00:00+08:00"));

        var again = await Host.Post(Users.Investigator, ObjectionUrl(id, decisionId), Bodies.Objection(At("2025-07-16T10:00:00+08:00")));

        again.ShouldBeProblem(409);
        (await Host.Stream(id)).Should().HaveCount(4);
    }

    [Fact]
    public async Task an_objection_to_a_decision_the_case_does_not_have_is_a_404()
    {
        var (id, _) = await Deported();

        (await Host.Post(Users.Investigator, ObjectionUrl(id, Guid.CreateVersion7()), Bodies.Objection(At("2025-07-15T10:00:00+08:00")))).ShouldBeProblem(404);
    }

    [Fact]
    public async Task an_objection_names_its_time_and_grounds()
    {
        var (id, decisionId) = await Deported();

        var reply = await Host.Post(Users.Investigator, ObjectionUrl(id, decisionId), """{ "grounds": " " }""");

        reply.ShouldBeProblem(400).ErrorFields().Should().BeEquivalentTo("filedAt", "grounds");
    }

    [Theory]
    [InlineData("investigator")]
    [InlineData("supervisor")]
    public async Task investigators_and_supervisors_record_an_objection_on_the_persons_behalf(string role)
    {
        var (id, decisionId) = await Deported();

        var reply = await Host.Post(role == "supervisor" ? Users.Supervisor : Users.Investigator, ObjectionUrl(id, decisionId), Bodies.Objection(At("2025-07-15T10:00:00+08:00")));

        reply.Status.Should().Be(201, reply.Text);
        (await Host.Stream(id))[^1].Headers!["role"].ToString().Should().Be(role);
    }

    [Theory]
    [InlineData("reporter")]
    [InlineData("agency-officer")]
    [InlineData("auditor")]
    public async Task other_roles_do_not_record_objections(string role)
    {
        var (id, decisionId) = await Deported();
        var user = role switch { "reporter" => Users.Reporter, "agency-officer" => Users.ManpowerOfficer, _ => Users.Auditor };

        (await Host.Post(user, ObjectionUrl(id, decisionId), Bodies.Objection(At("2025-07-15T10:00:00+08:00")))).ShouldBeProblem(403);
        (await Host.Post(user, ObjectionUrl(Guid.CreateVersion7(), decisionId), Bodies.Objection(At("2025-07-15T10:00:00+08:00"))))
            .ShouldBeProblem(403);
        (await Host.Stream(id)).Should().HaveCount(3);
    }

    [Fact]
    public async Task an_upheld_objection_reverses_the_decision_and_the_case_no_longer_stands_on_it()
    {
        var (id, decisionId) = await Deported();
        await Host.FileObjection(id, decisionId, At("2025-07-15T10:00:00+08:00"));

        var reply = await Host.Post(Users.Supervisor, ObjectionDecisionUrl(id, decisionId), Bodies.ObjectionDecision("upheld"));

        reply.Status.Should().Be(200, reply.Text);
        reply.Json.GetProperty("reversed").GetBoolean().Should().BeTrue();
        reply.Json.GetProperty("version").GetInt64().Should().Be(5);
        var summary = await Host.Summary(id);
        var action = summary.ActionIn(decisionId);
        action.GetProperty("reversed").GetBoolean().Should().BeTrue();
        action.GetProperty("objection").GetProperty("outcome").GetString().Should().Be("upheld");
        summary.GetProperty("status").GetString().Should().Be("verified", "a reversed decision is no action taken");
        var decided = (await Host.Stream(id))[^1];
        decided.Data.Should().BeOfType<ObjectionDecided>().Which.Outcome.Should().Be(ObjectionOutcome.Upheld);
        decided.Headers!["role"].ToString().Should().Be("supervisor");

        await Host.ProjectionsCaughtUp();
        var pending = (await Host.Get(Users.Auditor, "/api/reviews/pending").Expect(200)).Json.GetProperty("items").EnumerateArray().Single();
        pending.GetProperty("reversed").GetBoolean().Should().BeTrue();
        pending.GetProperty("objection").GetProperty("outcome").GetString().Should().Be("upheld");
        pending.GetProperty("covered").EnumerateArray().Select(c => c.GetString()).Should().Contain(["review", "remedy"]);
    }

    [Fact]
    public async Task a_rejected_objection_leaves_the_decision_standing()
    {
        var (id, decisionId) = await Deported();
        await Host.FileObjection(id, decisionId, At("2025-07-15T10:00:00+08:00"));

        var reply = await Host.Post(Users.Supervisor, ObjectionDecisionUrl(id, decisionId), Bodies.ObjectionDecision("rejected"));

        reply.Status.Should().Be(200, reply.Text);
        reply.Json.GetProperty("reversed").GetBoolean().Should().BeFalse();
        var summary = await Host.Summary(id);
        summary.ActionIn(decisionId).GetProperty("reversed").GetBoolean().Should().BeFalse();
        summary.ActionIn(decisionId).GetProperty("objection").GetProperty("outcome").GetString().Should().Be("rejected");
        summary.GetProperty("status").GetString().Should().Be("actionTaken");
    }

    [Theory]
    [InlineData("investigator")]
    [InlineData("auditor")]
    [InlineData("reporter")]
    public async Task only_a_supervisor_decides_an_objection(string role)
    {
        var (id, decisionId) = await Deported();
        await Host.FileObjection(id, decisionId, At("2025-07-15T10:00:00+08:00"));
        var user = role switch { "investigator" => Users.Investigator, "auditor" => Users.Auditor, _ => Users.Reporter };

        (await Host.Post(user, ObjectionDecisionUrl(id, decisionId), Bodies.ObjectionDecision("upheld"))).ShouldBeProblem(403);
        (await Host.Post(user, ObjectionDecisionUrl(Guid.CreateVersion7(), decisionId), Bodies.ObjectionDecision("upheld"))).ShouldBeProblem(403);
        (await Host.Stream(id)).Should().HaveCount(4);
    }

    [Fact]
    public async Task an_objection_is_decided_once_and_only_once_filed()
    {
        var (id, decisionId) = await Deported();

        (await Host.Post(Users.Supervisor, ObjectionDecisionUrl(id, decisionId), Bodies.ObjectionDecision("upheld"))).ShouldBeProblem(409);
        await Host.FileObjection(id, decisionId, At("2025-07-15T10:00:00+08:00"));
        await Host.DecideObjection(id, decisionId, "rejected");
        (await Host.Post(Users.Supervisor, ObjectionDecisionUrl(id, decisionId), Bodies.ObjectionDecision("upheld"))).ShouldBeProblem(409);
        (await Host.Stream(id)).Should().HaveCount(5);
    }

    [Fact]
    public async Task a_decision_on_an_objection_states_its_outcome_and_reasons()
    {
        var (id, decisionId) = await Deported();

        var reply = await Host.Post(Users.Supervisor, ObjectionDecisionUrl(id, decisionId), """{ "outcome": "quashed" }""");

        reply.ShouldBeProblem(400).ErrorFields().Should().Contain("outcome");
    }

    [Fact]
    public async Task a_closed_case_takes_an_objection_and_its_decision()
    {
        var (id, decisionId) = await Deported();
        await Host.Close(id);

        await Host.FileObjection(id, decisionId, At("2025-07-15T10:00:00+08:00"));
        await Host.DecideObjection(id, decisionId, "upheld");

        var summary = await Host.Summary(id);
        summary.GetProperty("status").GetString().Should().Be("closed");
        summary.ActionIn(decisionId).GetProperty("reversed").GetBoolean().Should().BeTrue();
    }
}
