using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests;

public sealed class Referring(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task referring_a_case_answers_201_with_the_referral_id()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/referrals", Bodies.Referral("DISNAKER"));

        reply.Status.Should().Be(201);
        reply.Header("ETag").Should().Be("\"3\"");
        reply.Json.GetProperty("id").GetGuid().Should().Be(id);
        reply.Json.GetProperty("version").GetInt64().Should().Be(3);
        var referralId = reply.Json.GetProperty("referralId").GetGuid();
        var referred = (await Host.Stream(id))[^1].Data.Should().BeOfType<CaseReferred>().Subject;
        referred.ReferralId.Should().Be(referralId);
        referred.ToAgency.Should().Be("DISNAKER");
        referred.DueBy.Should().Be(new DateOnly(2025, 7, 23));

        var summary = await Host.Summary(id);
        summary.GetProperty("status").GetString().Should().Be("referred");
        summary.GetProperty("referrals")[0].GetProperty("referralId").GetGuid().Should().Be(referralId);
        summary.GetProperty("referrals")[0].GetProperty("status").GetString().Should().Be("open");
    }

    [Fact]
    public async Task the_referred_agency_sees_the_case_once_it_is_referred()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Get(Users.ManpowerOfficer, $"/api/cases/{id}").Expect(404);

        await Host.Refer(id, "DISNAKER");

        await Host.Get(Users.ManpowerOfficer, $"/api/cases/{id}").Expect(200);
    }

    [Fact]
    public async Task an_officer_of_the_referred_agency_answers_the_referral()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var referralId = await Host.Refer(id);

        var reply = await Host.Post(Users.ManpowerOfficer, $"/api/cases/{id}/referrals/{referralId}/answer", Bodies.Answer());

        reply.Status.Should().Be(200);
        reply.Json.GetProperty("version").GetInt64().Should().Be(4);
        var events = await Host.Stream(id);
        var answered = events[^1].Data.Should().BeOfType<ReferralAnswered>().Subject;
        answered.ReferralId.Should().Be(referralId);
        answered.AnsweredBy.Should().Be(Users.ManpowerOfficer.UserId);
        answered.AnsweringAgency.Should().Be("DISNAKER");
        events[^1].Headers!["role"].ToString().Should().Be("agency-officer");
        events[^1].Headers!["agency"].ToString().Should().Be("DISNAKER");

        var summary = await Host.Summary(id, Users.ManpowerOfficer);
        summary.GetProperty("referrals")[0].GetProperty("status").GetString().Should().Be("answered");
        summary.GetProperty("status").GetString().Should().Be("verified");
    }

    [Fact]
    public async Task declining_a_referral_records_the_reason()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var referralId = await Host.Refer(id);

        await Host.AnswerReferral(id, referralId, "declined", "Not a labour matter: he is a tourist.", by: Users.ManpowerOfficer);

        var declined = (await Host.Stream(id))[^1].Data.Should().BeOfType<ReferralDeclined>().Subject;
        declined.Reason.Should().Be("Not a labour matter: he is a tourist.");
        declined.DecliningAgency.Should().Be("DISNAKER");
        (await Host.Summary(id)).GetProperty("referrals")[0].GetProperty("status").GetString()
            .Should().Be("declined");
    }

    [Fact]
    public async Task an_investigator_may_record_the_answer_for_the_agency()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var referralId = await Host.Refer(id);

        await Host.AnswerReferral(id, referralId);

        (await Host.Stream(id))[^1].Data.Should().BeOfType<ReferralAnswered>();
    }

    [Theory]
    [InlineData("answered")]
    [InlineData("declined")]
    public async Task a_referral_is_answered_once(string secondOutcome)
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var referralId = await Host.Refer(id);
        await Host.AnswerReferral(id, referralId, by: Users.ManpowerOfficer);

        var second = await Host.Post(Users.ManpowerOfficer, $"/api/cases/{id}/referrals/{referralId}/answer",
            Bodies.Answer(secondOutcome, "Changed our mind."));

        second.ShouldBeProblem(409);
        (await Host.Stream(id)).Should().HaveCount(4);
    }

    [Fact]
    public async Task an_officer_of_another_agency_cannot_see_the_case_and_gets_a_404()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var referralId = await Host.Refer(id);

        var reply = await Host.Post(Users.PoliceOfficer, $"/api/cases/{id}/referrals/{referralId}/answer", Bodies.Answer());

        reply.ShouldBeProblem(404);
        (await Host.Stream(id)).Should().HaveCount(3);
    }

    [Fact]
    public async Task an_officer_of_another_referred_agency_may_not_answer_this_referral()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var manpowerReferral = await Host.Refer(id);
        await Host.Refer(id, "POLRI");

        var reply = await Host.Post(Users.PoliceOfficer, $"/api/cases/{id}/referrals/{manpowerReferral}/answer", Bodies.Answer());

        reply.ShouldBeProblem(403);
        (await Host.Stream(id)).Should().HaveCount(4);
    }

    [Fact]
    public async Task answering_a_referral_the_case_does_not_have_is_a_404()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Refer(id);

        var reply = await Host.Post(Users.ManpowerOfficer, $"/api/cases/{id}/referrals/{Guid.CreateVersion7()}/answer", Bodies.Answer());

        reply.ShouldBeProblem(404);
        (await Host.Stream(id)).Should().HaveCount(3);
    }

    [Fact]
    public async Task a_referral_to_an_unknown_agency_is_refused()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/referrals", Bodies.Referral("FBI"));

        reply.ShouldBeProblem(400).ErrorFields().Should().Equal("toAgency");
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    public async Task a_due_date_outside_the_years_a_case_can_concern_is_refused_naming_it(string dueBy)
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/referrals",
            new { toAgency = "DISNAKER", reason = "works without a permit", dueBy });

        reply.ShouldBeProblem(400).ErrorFields().Should().Equal("dueBy");
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("reporter")]
    [InlineData("agency-officer")]
    [InlineData("auditor")]
    public async Task only_investigators_and_supervisors_refer(string role)
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Refer(id);
        var user = role switch { "reporter" => Users.Reporter, "agency-officer" => Users.ManpowerOfficer, _ => Users.Auditor };

        var reply = await Host.Post(user, $"/api/cases/{id}/referrals", Bodies.Referral("POLRI"));

        reply.ShouldBeProblem(403);
        (await Host.Stream(id)).Should().HaveCount(3);
    }
}
