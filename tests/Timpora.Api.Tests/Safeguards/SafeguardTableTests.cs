using System.Text.Json.Nodes;
using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests.Safeguards;

/// <summary>
/// API.md's table "What a decision must carry", row by row over HTTP: each decision below carries everything its type
/// needs but the one item a row asks for, and the 422 names exactly that item by its JSON path.
/// </summary>
public sealed class SafeguardTableTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly string[] WrittenDecisions =
        ["cekalListing", "stayPermitCancelled", "stayPermitRestricted", "stayPermitChanged", "placeBan", "residenceObligation", "deportation", "detention"];

    /// <summary>Type, the part changed (<c>null</c> value: removed), and the paths the 422 names.</summary>
    public static TheoryData<string, string, string?, string[]> Refusals()
    {
        var rows = new TheoryData<string, string, string?, string[]>();

        // Every type: legalBasis (at least one), justification.
        foreach (var type in Bodies.ActionTypes)
        {
            rows.Add(type, "legalBasis", "[]", ["legalBasis"]);
            rows.Add(type, "justification", null, ["justification"]);
        }

        // Every type but noAction: informed in a named language, told of the objection right, interpreter stated unless Indonesian.
        foreach (var type in Bodies.ActionTypes.Where(t => t != "noAction"))
        {
            rows.Add(type, "safeguards.informedInLanguage", null, ["safeguards.informedInLanguage"]);
            rows.Add(type, "safeguards.objectionRightNotified", "false", ["safeguards.objectionRightNotified"]);
            rows.Add(type, "safeguards.interpreterProvided", null, ["safeguards.interpreterProvided"]);
        }

        // Article 76: a written decision.
        foreach (var type in WrittenDecisions) rows.Add(type, "decisionNumber", null, ["decisionNumber"]);

        // Deportation: non-refoulement and consular access; never a refugee or an asylum seeker.
        rows.Add("deportation", "safeguards.nonRefoulement", null, ["safeguards.nonRefoulement"]);
        rows.Add("deportation", "safeguards.nonRefoulement.riskAssessed", "false", ["safeguards.nonRefoulement.riskAssessed"]);
        rows.Add("deportation", "safeguards.nonRefoulement.destination", null, ["safeguards.nonRefoulement.destination"]);
        rows.Add("deportation", "safeguards.nonRefoulement.assessedBy", null, ["safeguards.nonRefoulement.assessedBy"]);
        rows.Add("deportation", "safeguards.consularAccess", null, ["safeguards.consularAccess"]);
        rows.Add("deportation", "safeguards.vulnerabilities", """["refugee"]""", ["safeguards.vulnerabilities"]);
        rows.Add("deportation", "safeguards.vulnerabilities", """["illness", "asylumSeeker"]""", ["safeguards.vulnerabilities"]);

        // Detention: place, start, review within 30 days, alternatives first, consular access; never a child.
        rows.Add("detention", "detention.place", null, ["detention.place"]);
        rows.Add("detention", "detention.startsAt", null, ["detention.startsAt"]);
        rows.Add("detention", "detention.reviewBy", null, ["detention.reviewBy"]);
        rows.Add("detention", "detention.reviewBy", "\"2025-08-13T09:00:01+08:00\"", ["detention.reviewBy"]);
        rows.Add("detention", "detention", null, ["detention.place", "detention.startsAt", "detention.reviewBy"]);
        rows.Add("detention", "safeguards.alternativesConsidered", "[]", ["safeguards.alternativesConsidered"]);
        rows.Add("detention", "safeguards.consularAccess", null, ["safeguards.consularAccess"]);
        rows.Add("detention", "safeguards.vulnerabilities", """["child"]""", ["safeguards.vulnerabilities"]);

        // Fee: a positive amount in rupiah.
        rows.Add("fee", "fee.amount", "0", ["fee.amount"]);
        rows.Add("fee", "fee.currency", "\"USD\"", ["fee.currency"]);
        rows.Add("fee", "fee", null, ["fee.amount", "fee.currency"]);

        // Consular access notified needs the time of the notification, whatever the type.
        rows.Add("placeBan", "safeguards.consularAccess", "\"notified\"", ["safeguards.consularNotifiedAt"]);
        rows.Add("deportation", "safeguards.consularAccess", "\"notified\"", ["safeguards.consularNotifiedAt"]);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task a_decision_lacking_an_item_of_its_row_is_a_422_naming_that_item(string type, string path, string? value, string[] named)
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var decision = Bodies.Decision(type).With(path, value is null ? null : JsonNode.Parse(value));

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", decision);

        reply.ShouldBeProblem(422).ErrorFields().Should().BeEquivalentTo(named);
        (await Host.Stream(id)).Should().HaveCount(2, "a refused decision appends nothing");
    }

    [Theory]
    [MemberData(nameof(EveryType))]
    public async Task a_decision_carrying_its_row_is_recorded(string type)
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", Bodies.Decision(type));

        reply.Status.Should().Be(201, reply.Text);
    }

    public static TheoryData<string> EveryType => new(Bodies.ActionTypes);

    [Theory]
    [InlineData("fee")]
    [InlineData("warning")]
    [InlineData("noAction")]
    public async Task a_fee_a_warning_or_no_action_needs_no_written_decision(string type)
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        (await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", Bodies.Decision(type).With("decisionNumber", null))).Status.Should().Be(201);
    }

    [Fact]
    public async Task no_interpreter_question_arises_for_a_person_told_in_indonesian()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var decision = Bodies.Decision("placeBan").With("safeguards.informedInLanguage", "id").With("safeguards.interpreterProvided", null);

        (await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", decision)).Status.Should().Be(201);
    }

    [Fact]
    public async Task a_detention_reviewed_exactly_thirty_days_after_its_start_is_recorded()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", Bodies.Decision("detention").With("detention.reviewBy", "2025-08-13T09:00:00+08:00"));

        reply.Status.Should().Be(201, reply.Text);
    }

    [Fact]
    public async Task a_refugee_is_not_deported_even_with_every_other_safeguard_in_place()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var decision = Bodies.Decision("deportation").With("safeguards.vulnerabilities", new JsonArray("refugee"));

        var problem = (await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", decision)).ShouldBeProblem(422);

        problem.GetProperty("errors").GetProperty("safeguards.vulnerabilities")[0].GetString().Should().Contain("not deported");
    }

    [Fact]
    public async Task a_decision_carrying_nothing_names_every_missing_item_at_once()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", """{ "type": "detention" }""");

        reply.ShouldBeProblem(422).ErrorFields().Should().BeEquivalentTo(
            "legalBasis", "justification", "safeguards.informedInLanguage", "safeguards.objectionRightNotified", "decisionNumber",
            "detention.place", "detention.startsAt", "detention.reviewBy", "safeguards.alternativesConsidered", "safeguards.consularAccess");
    }

    [Fact]
    public async Task decided_at_defaults_to_now_at_the_office()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        Fixture.Clock.StopAt(DateTimeOffset.Parse("2025-07-14T02:15:00Z"));

        var decisionId = await Host.Decide(id, Bodies.Decision("warning"));

        (await Host.Summary(id)).ActionIn(decisionId).GetProperty("decidedAt").GetString().Should().Be("2025-07-14T10:15:00+08:00");
    }

    [Fact]
    public async Task decided_at_may_be_now_or_earlier_but_never_later()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        Fixture.Clock.StopAt(DateTimeOffset.Parse("2025-07-14T10:15:00+08:00"));

        var later = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", Bodies.Decision("warning").With("decidedAt", "2025-07-14T10:15:01+08:00"));
        var now = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", Bodies.Decision("warning").With("decidedAt", "2025-07-14T10:15:00+08:00"));
        var earlier = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", Bodies.Decision("fee").With("decidedAt", "2025-07-12T16:00:00+08:00"));

        later.ShouldBeProblem(422).ErrorFields().Should().Equal("decidedAt");
        now.Status.Should().Be(201, now.Text);
        earlier.Status.Should().Be(201, earlier.Text);
        (await Host.Summary(id)).ActionIn(earlier.Json.GetProperty("decisionId").GetGuid()).GetProperty("decidedAt").GetString()
            .Should().Be("2025-07-12T16:00:00+08:00");
    }

    [Fact]
    public async Task only_a_verified_case_receives_more_than_a_warning_or_no_action()
    {
        var id = await Host.OpenCase();

        (await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", Bodies.Decision("placeBan"))).ShouldBeProblem(409);
        (await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", Bodies.Decision("warning"))).Status.Should().Be(201);
        (await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", Bodies.Decision("noAction"))).Status.Should().Be(201);
    }

    [Fact]
    public async Task the_openapi_description_of_deciding_an_action_states_the_rules()
    {
        var document = (await Host.Get(null, "/openapi/v1.json").Expect(200)).Json;
        var paths = document.GetProperty("paths");

        var description = paths.GetProperty("/api/cases/{id}/actions").GetProperty("post").GetProperty("description").GetString();
        description.Should().Contain("| type | requires |").And.Contain("safeguards.nonRefoulement").And.Contain("`cekalListing`")
            .And.Contain("30 days").And.Contain("`IDR`").And.Contain("`refugee`").And.Contain("`child`");

        paths.GetProperty("/api/cases/{id}/actions/{decisionId}/objection").GetProperty("post").GetProperty("description").GetString()
            .Should().Contain("21 working days").And.Contain("LegalCalendar:Holidays");
        paths.GetProperty("/api/cases/{id}/actions/{decisionId}/objection/decision").GetProperty("post").GetProperty("responses")
            .TryGetProperty("200", out _).Should().BeTrue();
        paths.GetProperty("/api/statistics/outcomes-by-nationality").GetProperty("get").GetProperty("description").GetString()
            .Should().Contain($"{OutcomeMonitor.MinimumVerifiedCases} verified cases");
        paths.GetProperty("/api/reviews/pending").GetProperty("get").GetProperty("description").GetString().Should().Contain("notCovered");
    }
}
