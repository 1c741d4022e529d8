using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests;

public sealed class DecidingActions(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task a_deportation_with_every_safeguard_is_recorded_with_a_decision_id()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", Bodies.Deportation());

        reply.Status.Should().Be(201, reply.Text);
        reply.Header("ETag").Should().Be("\"3\"");
        reply.Json.GetProperty("version").GetInt64().Should().Be(3);
        var decisionId = reply.Json.GetProperty("decisionId").GetGuid();
        var decided = (await Host.Stream(id))[^1].Data.Should().BeOfType<AdministrativeActionDecided>().Subject;
        decided.DecisionId.Should().Be(decisionId);
        decided.Type.Should().Be(ActionType.Deportation);
        decided.DecisionNumber.Should().Be("W23.IMI.2-GR.04.01-0123");
        decided.LegalBasis.Should().Equal("UU 6/2011 Pasal 75 ayat (2) huruf f");
        decided.Safeguards.NonRefoulement!.Destination.Should().Be("CHN");
        decided.Safeguards.ConsularAccess.Should().Be(ConsularAccess.Notified);
        decided.DecidedBy.Should().Be(Users.Investigator.UserId);

        var summary = await Host.Summary(id);
        summary.GetProperty("status").GetString().Should().Be("actionTaken");
        var action = summary.GetProperty("actions")[0];
        action.GetProperty("decisionId").GetGuid().Should().Be(decisionId);
        action.GetProperty("type").GetString().Should().Be("deportation");
        action.GetProperty("reversed").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task a_warning_may_be_decided_before_verification()
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Supervisor, $"/api/cases/{id}/actions", Bodies.Decision());

        reply.Status.Should().Be(201, reply.Text);
        (await Host.Stream(id))[^1].Data.Should().BeOfType<AdministrativeActionDecided>().Which.Type.Should().Be(ActionType.Warning);
    }

    [Fact]
    public async Task a_deportation_of_an_unverified_person_is_a_409_and_appends_nothing()
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", Bodies.Deportation());

        reply.ShouldBeProblem(409);
        (await Host.Stream(id)).Should().HaveCount(1);
    }

    [Fact]
    public async Task a_detention_starting_at_the_end_of_the_calendar_is_refused_naming_when_it_starts()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var detention = Bodies.Decision("detention");
        detention["detention"]!["startsAt"] = "9999-12-31T00:00:00+08:00";

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", detention);

        reply.ShouldBeProblem(400).ErrorFields().Should().Equal("detention.startsAt");
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task a_deportation_lacking_the_written_decision_and_the_non_refoulement_assessment_is_a_422_naming_both()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", Bodies.Deportation(decisionNumber: null, assessed: false));

        reply.ShouldBeProblem(422).ErrorFields().Should().BeEquivalentTo("decisionNumber", "safeguards.nonRefoulement");
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("refugee")]
    [InlineData("asylumSeeker")]
    public async Task a_refugee_or_asylum_seeker_is_never_deported(string vulnerability)
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", Bodies.Deportation(vulnerabilities: [vulnerability]));

        reply.ShouldBeProblem(422).ErrorFields().Should().Equal("safeguards.vulnerabilities");
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task a_decision_without_legal_basis_justification_or_notice_names_each_missing_item()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions",
            """{ "type": "placeBan", "legalBasis": [], "safeguards": { "informedInLanguage": "zh" } }""");

        reply.ShouldBeProblem(422).ErrorFields().Should().BeEquivalentTo(
            "legalBasis", "justification", "decisionNumber", "safeguards.interpreterProvided", "safeguards.objectionRightNotified");
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task a_child_is_never_detained()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", """
            { "type": "detention", "legalBasis": ["UU 6/2011 Pasal 83"], "decisionNumber": "W23-0001", "justification": "flight risk",
              "safeguards": { "informedInLanguage": "id", "objectionRightNotified": true, "consularAccess": "declined",
                              "vulnerabilities": ["child"],
                              "alternativesConsidered": [ { "measure": "residenceObligation", "rejectedBecause": "no address" } ] },
              "detention": { "place": "Rudenim Makassar", "startsAt": "2025-07-10T09:00:00+08:00", "reviewBy": "2025-08-01T09:00:00+08:00" } }
            """);

        reply.ShouldBeProblem(422).ErrorFields().Should().Equal("safeguards.vulnerabilities");
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task a_fee_is_charged_in_rupiah()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", """
            { "type": "fee", "legalBasis": ["PP 28/2019"], "justification": "overstay of nine days",
              "safeguards": { "informedInLanguage": "id", "objectionRightNotified": true },
              "fee": { "amount": 9000000, "currency": "USD" } }
            """);

        reply.ShouldBeProblem(422).ErrorFields().Should().Equal("fee.currency");
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task a_decision_dated_in_the_future_is_refused()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", $$"""
            { "type": "warning", "legalBasis": ["UU 6/2011 Pasal 75"], "justification": "warned",
              "decidedAt": "{{Fixture.Clock.GetUtcNow().AddDays(2):O}}",
              "safeguards": { "informedInLanguage": "id", "objectionRightNotified": true } }
            """);

        reply.ShouldBeProblem(422).ErrorFields().Should().Equal("decidedAt");
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task an_unknown_action_type_is_a_400()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/actions", """{ "type": "caning", "legalBasis": ["x"] }""");

        reply.ShouldBeProblem(400).ErrorFields().Should().Contain("type");
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("reporter")]
    [InlineData("agency-officer")]
    [InlineData("auditor")]
    public async Task only_investigators_and_supervisors_decide_actions(string role)
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Refer(id);
        var user = role switch { "reporter" => Users.Reporter, "agency-officer" => Users.ManpowerOfficer, _ => Users.Auditor };

        var reply = await Host.Post(user, $"/api/cases/{id}/actions", Bodies.Decision());

        reply.ShouldBeProblem(403);
        (await Host.Stream(id)).Should().HaveCount(3);
    }
}
