using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests;

public sealed class NotesAndClosure(AppFixture fixture) : IntegrationContext(fixture)
{
    [Theory]
    [InlineData("reporter")]
    [InlineData("investigator")]
    [InlineData("agency-officer")]
    [InlineData("supervisor")]
    [InlineData("auditor")]
    public async Task anyone_who_sees_a_case_may_add_a_note(string role)
    {
        var id = await Host.OpenCase(by: Users.Reporter);
        await Host.Refer(id, "DISNAKER");
        var user = role switch
        {
            "reporter" => Users.Reporter,
            "investigator" => Users.Investigator,
            "agency-officer" => Users.ManpowerOfficer,
            "supervisor" => Users.Supervisor,
            _ => Users.Auditor,
        };

        var reply = await Host.Post(user, $"/api/cases/{id}/notes", Bodies.Note("Seen near the harbour too."));

        reply.Status.Should().Be(200);
        reply.Json.GetProperty("version").GetInt64().Should().Be(3);
        var events = await Host.Stream(id);
        var note = events[^1].Data.Should().BeOfType<NoteAdded>().Subject;
        note.Text.Should().Be("Seen near the harbour too.");
        note.AddedBy.Should().Be(user.UserId);
        events[^1].Headers!["role"].ToString().Should().Be(role);
    }

    [Fact]
    public async Task a_note_holding_a_character_the_database_cannot_store_is_refused_naming_it()
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note("Seen near the harbour\u0000 too."));

        reply.ShouldBeProblem(400).ErrorFields().Should().Equal("text");
        (await Host.Stream(id)).Should().HaveCount(1);
    }

    [Fact]
    public async Task closing_a_case_records_the_reason_and_shows_it_closed()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/closure", Bodies.Closure("noForeignNational"));

        reply.Status.Should().Be(200);
        reply.Json.GetProperty("version").GetInt64().Should().Be(3);
        var closed = (await Host.Stream(id))[^1].Data.Should().BeOfType<CaseClosed>().Subject;
        closed.Reason.Should().Be(ClosureReason.NoForeignNational);
        closed.Note.Should().Be("deported on 2025-07-20");
        closed.ClosedBy.Should().Be(Users.Investigator.UserId);

        var summary = await Host.Summary(id);
        summary.GetProperty("status").GetString().Should().Be("closed");
        summary.GetProperty("closure").GetProperty("reason").GetString().Should().Be("noForeignNational");
    }

    [Theory]
    [InlineData("sightings")]
    [InlineData("assignment")]
    [InlineData("verification")]
    [InlineData("referrals")]
    [InlineData("answer")]
    [InlineData("actions")]
    [InlineData("closure")]
    public async Task a_closed_case_refuses_anything_but_reopening_notes_and_reviews(string command)
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var referralId = await Host.Refer(id);
        await Host.Close(id);
        var (url, body, user) = command switch
        {
            "sightings" => ($"/api/cases/{id}/sightings", Bodies.AdditionalSighting(), Users.Investigator),
            "assignment" => ($"/api/cases/{id}/assignment", Bodies.Assignment(), Users.Supervisor),
            "verification" => ($"/api/cases/{id}/verification", Bodies.Verification(), Users.Investigator),
            "referrals" => ($"/api/cases/{id}/referrals", Bodies.Referral("POLRI"), Users.Investigator),
            "answer" => ($"/api/cases/{id}/referrals/{referralId}/answer", Bodies.Answer(), Users.ManpowerOfficer),
            "actions" => ($"/api/cases/{id}/actions", Bodies.Decision(), Users.Investigator),
            _ => ($"/api/cases/{id}/closure", Bodies.Closure(), Users.Investigator),
        };

        var reply = await Host.Post(user, url, body);

        reply.ShouldBeProblem(409);
        // Opened, verified, referred, closed, and the referral withdrawn by the closure: nothing after.
        (await Host.Stream(id)).Select(e => e.EventType.Name).Should().Equal(
            "SightingReported", "IdentityVerified", "CaseReferred", "CaseClosed", "ReferralWithdrawn");
    }

    [Fact]
    public async Task a_closed_case_still_takes_notes_and_reviews()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var decisionId = await Host.Decide(id, Bodies.Deportation());
        await Host.Close(id);

        await Host.AddNote(id, "Left on flight GA 123.");
        await Host.Review(id, decisionId);

        var events = await Host.Stream(id);
        events.Skip(4).Select(e => e.Data.GetType()).Should().Equal(typeof(NoteAdded), typeof(DecisionReviewed));
        (await Host.Summary(id)).GetProperty("status").GetString().Should().Be("closed");
    }

    [Fact]
    public async Task reopening_returns_the_case_to_what_it_was_before_the_closure()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Close(id);

        var reply = await Host.Post(Users.Supervisor, $"/api/cases/{id}/reopening", Bodies.Reopening());

        reply.Status.Should().Be(200);
        reply.Json.GetProperty("version").GetInt64().Should().Be(4);
        var reopened = (await Host.Stream(id))[^1].Data.Should().BeOfType<CaseReopened>().Subject;
        reopened.Reason.Should().Be("seen again in Lemba after the deportation");
        reopened.ReopenedBy.Should().Be(Users.Supervisor.UserId);
        var summary = await Host.Summary(id);
        summary.GetProperty("status").GetString().Should().Be("verified");
        summary.GetProperty("closure").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task a_reopened_case_takes_commands_again()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Close(id);
        await Host.Reopen(id, by: Users.Supervisor);

        await Host.AddSighting(id);

        (await Host.Stream(id))[^1].Data.Should().BeOfType<AdditionalSightingReported>();
    }

    [Fact]
    public async Task reopening_an_open_case_is_a_409()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/reopening", Bodies.Reopening());

        reply.ShouldBeProblem(409);
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("reporter")]
    [InlineData("agency-officer")]
    [InlineData("auditor")]
    public async Task only_investigators_and_supervisors_close_and_reopen(string role)
    {
        var id = await Host.OpenCase(by: Users.Reporter);
        await Host.Refer(id, "DISNAKER");
        var user = role switch { "reporter" => Users.Reporter, "agency-officer" => Users.ManpowerOfficer, _ => Users.Auditor };

        var closing = await Host.Post(user, $"/api/cases/{id}/closure", Bodies.Closure());
        await Host.Close(id);
        var reopening = await Host.Post(user, $"/api/cases/{id}/reopening", Bodies.Reopening());

        closing.ShouldBeProblem(403);
        reopening.ShouldBeProblem(403);
        (await Host.Stream(id)).Select(e => e.EventType.Name).Should().Equal(
            "SightingReported", "CaseReferred", "CaseClosed", "ReferralWithdrawn");
    }

    [Fact]
    public async Task a_note_has_text_of_at_most_4000_characters()
    {
        var id = await Host.OpenCase();

        var empty = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(" "));
        var tooLong = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(new string('x', 4001)));

        empty.ShouldBeProblem(400).ErrorFields().Should().Equal("text");
        tooLong.ShouldBeProblem(400).ErrorFields().Should().Equal("text");
        (await Host.Stream(id)).Should().HaveCount(1);
    }
}
