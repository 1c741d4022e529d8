using JasperFx.Events;
using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests;

/// <summary>A case from the first sighting to its reopening, over HTTP, each write read back from the stream.</summary>
public sealed class CaseLifecycle(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task a_case_goes_from_sighting_to_reopening_and_every_event_records_who_and_in_which_request()
    {
        var opened = await Write(Users.Reporter, "/api/cases", Bodies.Sighting(), "open-1", 201);
        var id = opened.Json.GetProperty("id").GetGuid();
        var caseUrl = $"/api/cases/{id}";

        await Write(Users.Reporter, $"{caseUrl}/sightings", Bodies.AdditionalSighting(), "sighting-2", 200);
        await Write(Users.Supervisor, $"{caseUrl}/assignment", Bodies.Assignment(Users.Investigator.UserId), "assign-3", 200);
        await Write(Users.Investigator, $"{caseUrl}/verification", Bodies.Verification("overstay"), "verify-4", 200);
        var referred = await Write(Users.Investigator, $"{caseUrl}/referrals", Bodies.Referral("DISNAKER"), "refer-5", 201);
        var referralId = referred.Json.GetProperty("referralId").GetGuid();
        await Write(Users.ManpowerOfficer, $"{caseUrl}/referrals/{referralId}/answer", Bodies.Answer(), "answer-6", 200);
        var decided = await Write(Users.Supervisor, $"{caseUrl}/actions", Bodies.Deportation(), "decide-7", 201);
        var decisionId = decided.Json.GetProperty("decisionId").GetGuid();
        await Write(Users.Auditor, $"{caseUrl}/actions/{decisionId}/reviews", Bodies.Review(), "review-8", 201);
        await Write(Users.Auditor, $"{caseUrl}/notes", Bodies.Note("Reviewed with the Kasi."), "note-9", 200);
        await Write(Users.Investigator, $"{caseUrl}/closure", Bodies.Closure(), "close-10", 200);
        await Write(Users.Supervisor, $"{caseUrl}/reopening", Bodies.Reopening(), "reopen-11", 200);

        var events = await Host.Stream(id);
        events.Select(e => e.Data.GetType()).Should().Equal(
            typeof(SightingReported), typeof(AdditionalSightingReported), typeof(CaseAssigned), typeof(IdentityVerified),
            typeof(CaseReferred), typeof(ReferralAnswered), typeof(AdministrativeActionDecided), typeof(DecisionReviewed),
            typeof(NoteAdded), typeof(CaseClosed), typeof(CaseReopened));

        ShouldRecord(events[0], Users.Reporter, "reporter", "open-1");
        ShouldRecord(events[1], Users.Reporter, "reporter", "sighting-2");
        ShouldRecord(events[2], Users.Supervisor, "supervisor", "assign-3");
        ShouldRecord(events[3], Users.Investigator, "investigator", "verify-4");
        ShouldRecord(events[4], Users.Investigator, "investigator", "refer-5");
        ShouldRecord(events[5], Users.ManpowerOfficer, "agency-officer", "answer-6");
        ShouldRecord(events[6], Users.Supervisor, "supervisor", "decide-7");
        ShouldRecord(events[7], Users.Auditor, "auditor", "review-8");
        ShouldRecord(events[8], Users.Auditor, "auditor", "note-9");
        ShouldRecord(events[9], Users.Investigator, "investigator", "close-10");
        ShouldRecord(events[10], Users.Supervisor, "supervisor", "reopen-11");

        events[4].Data.Should().BeOfType<CaseReferred>().Which.ReferralId.Should().Be(referralId);
        events[5].Data.Should().BeOfType<ReferralAnswered>().Which.AnsweringAgency.Should().Be("DISNAKER");
        events[6].Data.Should().BeOfType<AdministrativeActionDecided>().Which.DecisionId.Should().Be(decisionId);
        events[7].Data.Should().BeOfType<DecisionReviewed>().Which.DecisionId.Should().Be(decisionId);

        var summary = await Host.Summary(id);
        summary.GetProperty("version").GetInt64().Should().Be(11);
        summary.GetProperty("status").GetString().Should().Be("actionTaken");
        summary.GetProperty("sightings").GetInt32().Should().Be(2);
        summary.GetProperty("assignedTo").GetString().Should().Be(Users.Investigator.UserId);
        summary.GetProperty("referrals")[0].GetProperty("status").GetString().Should().Be("answered");
        summary.GetProperty("actions")[0].GetProperty("reviews")[0].GetProperty("verdict").GetString().Should().Be("compliant");
        summary.GetProperty("closure").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task every_write_answers_with_the_new_version_as_body_and_etag()
    {
        var id = await Host.OpenCase();

        var first = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note("one"));
        var second = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note("two"));

        first.Header("ETag").Should().Be("\"2\"");
        first.Json.GetProperty("version").GetInt64().Should().Be(2);
        first.Json.GetProperty("id").GetGuid().Should().Be(id);
        second.Header("ETag").Should().Be("\"3\"");
        second.Json.GetProperty("version").GetInt64().Should().Be(3);
        (await Host.Stream(id)).Should().HaveCount(3);
    }

    [Fact]
    public async Task the_correlation_id_sent_is_echoed_and_recorded_on_the_event()
    {
        var reply = await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(), correlationId: "abc-123");

        reply.Status.Should().Be(201);
        reply.Header("X-Correlation-Id").Should().Be("abc-123");
        var events = await Host.Stream(reply.Json.GetProperty("id").GetGuid());
        events.Single().CorrelationId.Should().Be("abc-123");
    }

    [Fact]
    public async Task without_a_correlation_id_a_generated_one_is_echoed_and_recorded()
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note());

        var generated = reply.Header("X-Correlation-Id");
        generated.Should().NotBeNullOrWhiteSpace();
        var events = await Host.Stream(id);
        events[^1].CorrelationId.Should().Be(generated);
        events[0].CorrelationId.Should().NotBe(generated, "each request has its own");
    }

    [Fact]
    public async Task a_refused_write_still_echoes_the_correlation_id()
    {
        var reply = await Host.Post(Users.Auditor, "/api/cases", Bodies.Sighting(), correlationId: "abc-123");

        reply.ShouldBeProblem(403);
        reply.Header("X-Correlation-Id").Should().Be("abc-123");
    }

    private async Task<Reply> Write(User user, string url, object body, string correlationId, int expectedStatus)
    {
        var reply = await Host.Post(user, url, body, correlationId: correlationId);
        reply.Status.Should().Be(expectedStatus, "{0} answered {1}", url, reply.Text);
        reply.Header("X-Correlation-Id").Should().Be(correlationId);
        reply.Header("ETag").Should().Be($"\"{reply.Json.GetProperty("version").GetInt64()}\"");
        return reply;
    }

    private static void ShouldRecord(IEvent @event, User user, string role, string correlationId)
    {
        var because = $"{@event.EventTypeName} records who did it";
        @event.Headers.Should().NotBeNull(because);
        @event.Headers!["userId"].ToString().Should().Be(user.UserId, because);
        @event.Headers["name"].ToString().Should().Be(user.Name, because);
        @event.Headers["agency"].ToString().Should().Be(user.Agency, because);
        @event.Headers["role"].ToString().Should().Be(role, because);
        @event.CorrelationId.Should().Be(correlationId, because);
    }
}
