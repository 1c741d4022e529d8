using System.Text.Json;
using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests;

public sealed class History(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task history_lists_every_event_oldest_first_with_who_did_it_in_which_request()
    {
        var opened = await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(), correlationId: "report-from-lemba").Expect(201);
        var id = opened.Json.GetProperty("id").GetGuid();
        await Host.Post(Users.Investigator, $"/api/cases/{id}/verification", Bodies.Verification("overstay"), correlationId: "verify-at-office").Expect(200);
        await Host.Post(Users.Auditor, $"/api/cases/{id}/notes", Bodies.Note("Checked the file."), correlationId: "audit-note").Expect(200);

        var history = (await Host.HistoryOf(id)).EnumerateArray().ToList();

        history.Select(e => e.GetProperty("type").GetString()).Should().Equal("SightingReported", "IdentityVerified", "NoteAdded");
        history.Select(e => e.GetProperty("version").GetInt64()).Should().Equal(1, 2, 3);
        history.Select(e => e.GetProperty("sequence").GetInt64()).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        history.Select(e => e.Time("at")).Should().BeInAscendingOrder();
        history.Select(e => e.GetProperty("correlationId").GetString()).Should().Equal("report-from-lemba", "verify-at-office", "audit-note");

        ActorOf(history[0]).Should().Equal(Users.Reporter.UserId, Users.Reporter.Name, "PEMDES", "reporter");
        ActorOf(history[1]).Should().Equal(Users.Investigator.UserId, Users.Investigator.Name, "IMIGRASI", "investigator");
        ActorOf(history[2]).Should().Equal(Users.Auditor.UserId, Users.Auditor.Name, "IMIGRASI", "auditor");

        history[0].GetProperty("summary").GetString().Should().Contain(opened.Json.GetProperty("caseNumber").GetString()).And.Contain("Li Wei");
        history[1].GetProperty("summary").GetString().Should().Contain("Li Wei");
        history[2].GetProperty("summary").GetString().Should().Contain("Checked the file.");
    }

    [Fact]
    public async Task each_entry_carries_its_event_as_data()
    {
        var id = await Host.OpenCase(by: Users.Reporter);
        await Host.Verify(id, "permitMisuse");

        var history = await Host.HistoryOf(id);

        var reported = history[0].GetProperty("data");
        reported.GetProperty("caseId").GetGuid().Should().Be(id);
        reported.GetProperty("location").GetProperty("regency").GetString().Should().Be("Soppeng");
        reported.GetProperty("subject").GetProperty("nationality").GetString().Should().Be("CHN");
        reported.GetProperty("channel").GetString().Should().Be("fieldTeam");
        reported.GetProperty("reportedBy").GetString().Should().Be(Users.Reporter.UserId);
        var verified = history[1].GetProperty("data");
        verified.GetProperty("caseId").GetGuid().Should().Be(id);
        verified.GetProperty("finding").GetString().Should().Be("permitMisuse");
        verified.GetProperty("permit").GetProperty("expiresOn").GetString().Should().Be("2025-06-30");
    }

    [Fact]
    public async Task every_kind_of_event_has_its_type_name_and_a_readable_line()
    {
        var id = await Host.OpenCase();
        await Host.AddSighting(id, Bodies.Sighting());
        await Host.Assign(id, Users.OtherInvestigator.UserId);
        await Host.Verify(id);
        var toManpower = await Host.Refer(id, "DISNAKER");
        await Host.AnswerReferral(id, toManpower, by: Users.ManpowerOfficer);
        var toPolice = await Host.Refer(id, "POLRI");
        await Host.AnswerReferral(id, toPolice, "declined", "Not a police matter", by: Users.PoliceOfficer);
        var decisionId = await Host.Decide(id);
        await Host.Review(id, decisionId);
        await Host.AddNote(id, "Employer warned too.");
        await Host.Close(id);
        await Host.Reopen(id);

        var history = (await Host.HistoryOf(id)).EnumerateArray().ToList();

        history.Select(e => e.GetProperty("type").GetString()).Should().Equal(
            "SightingReported", "AdditionalSightingReported", "CaseAssigned", "IdentityVerified", "CaseReferred", "ReferralAnswered",
            "CaseReferred", "ReferralDeclined", "AdministrativeActionDecided", "DecisionReviewed", "NoteAdded", "CaseClosed", "CaseReopened");
        history.Select(e => e.GetProperty("version").GetInt64()).Should().Equal(Enumerable.Range(1, 13).Select(v => (long)v));
        foreach (var entry in history)
        {
            var summary = entry.GetProperty("summary").GetString();
            summary.Should().NotBeNullOrWhiteSpace().And.NotBe(entry.GetProperty("type").GetString(), "a summary is a readable line, not the type name");
            entry.GetProperty("data").GetProperty("caseId").GetGuid().Should().Be(id);
            entry.GetProperty("actor").GetProperty("userId").GetString().Should().NotBeNullOrEmpty();
            entry.GetProperty("correlationId").GetString().Should().NotBeNullOrEmpty();
        }
    }

    [Fact]
    public async Task a_summary_stays_one_short_line_whatever_the_texts_it_quotes()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var longReason = string.Join(' ', Enumerable.Repeat("The employer could not show a work permit.", 90));
        await Host.Refer(id, "DISNAKER", longReason);
        await Host.AddNote(id, "Called the employer.\r\nNo answer.\n\nTry again Monday.");

        var history = (await Host.HistoryOf(id)).EnumerateArray().ToList();

        foreach (var summary in history.Select(e => e.GetProperty("summary").GetString()!))
        {
            summary.Should().NotContainAny("\n", "\r");
            summary.Length.Should().BeLessThanOrEqualTo(300);
        }

        history[^1].GetProperty("summary").GetString().Should().Contain("Called the employer. No answer. Try again Monday.");
        history[^2].GetProperty("data").GetProperty("reason").GetString().Should().Be(longReason, "the event keeps the whole text");
    }

    [Fact]
    public async Task a_write_without_a_correlation_id_is_recorded_with_the_one_it_was_answered_with()
    {
        var opened = await Host.Post(Users.Investigator, "/api/cases", Bodies.Sighting()).Expect(201);
        var id = opened.Json.GetProperty("id").GetGuid();

        var history = await Host.HistoryOf(id);

        opened.CorrelationId.Should().NotBeNullOrEmpty();
        history[0].GetProperty("correlationId").GetString().Should().Be(opened.CorrelationId);
    }

    [Fact]
    public async Task history_of_an_unknown_case_is_a_404_problem()
    {
        var answer = await Host.Get(Users.Investigator, $"/api/cases/{Guid.CreateVersion7()}/history").Expect(404);

        answer.ContentType.Should().StartWith("application/problem+json");
    }

    private static IReadOnlyList<string?> ActorOf(JsonElement entry)
    {
        var actor = entry.GetProperty("actor");
        return [actor.GetProperty("userId").GetString(), actor.GetProperty("name").GetString(),
            actor.GetProperty("agency").GetString(), actor.GetProperty("role").GetString()];
    }
}
