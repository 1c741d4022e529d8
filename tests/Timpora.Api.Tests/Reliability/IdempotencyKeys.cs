using Marten;
using Microsoft.Extensions.DependencyInjection;
using Timpora.Api.Infrastructure;
using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests.Reliability;

/// <summary>
/// <c>Idempotency-Key</c> (API.md, Writes): a repeat with the same key and body is answered as the first time and
/// appends nothing; the same key with another request is a 422; keys belong to the user who sent them.
/// </summary>
public sealed class IdempotencyKeys(AppFixture fixture) : IntegrationContext(fixture)
{
    private const int Twins = 16;

    [Fact]
    public async Task a_repeated_note_is_answered_as_the_first_time_and_appends_nothing()
    {
        var id = await Host.ReportedCase();
        var key = NewKey();

        var first = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Scenarios.Note(), Key(key));
        var repeat = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Scenarios.Note(), Key(key));

        first.Status.Should().Be(200);
        ShouldBeTheSameAnswer(repeat, first);
        repeat.Header(Idempotency.ReplayedHeader).Should().Be("true");
        first.Header(Idempotency.ReplayedHeader).Should().BeNull();
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task a_repeated_opening_answers_the_same_case_location_and_number()
    {
        var key = NewKey();

        var first = await Host.Post(Users.Reporter, "/api/cases", Scenarios.Sighting(), Key(key));
        var repeat = await Host.Post(Users.Reporter, "/api/cases", Scenarios.Sighting(), Key(key));

        first.Status.Should().Be(201);
        first.Header("Location").Should().StartWith("/api/cases/");
        ShouldBeTheSameAnswer(repeat, first);
        (await AllEvents()).Should().ContainSingle();
    }

    [Fact]
    public async Task a_repeated_referral_answers_the_referral_id_the_first_time_made()
    {
        var id = await Host.VerifiedCase();
        var key = NewKey();

        var first = await Host.Post(Users.Investigator, $"/api/cases/{id}/referrals", Scenarios.Referral(), Key(key));
        var repeat = await Host.Post(Users.Investigator, $"/api/cases/{id}/referrals", Scenarios.Referral(), Key(key));

        first.Status.Should().Be(201);
        ShouldBeTheSameAnswer(repeat, first);
        (await Host.Stream(id)).Where(e => e.Data is CaseReferred).Should().ContainSingle();
    }

    [Fact]
    public async Task a_repeat_is_answered_even_when_its_if_match_is_no_longer_current()
    {
        var id = await Host.ReportedCase();
        var key = NewKey();
        void Conditional(Alba.Scenario s)
        {
            s.WithRequestHeader(Idempotency.Header, key);
            s.WithRequestHeader("If-Match", "\"1\"");
        }

        var first = await Host.Post(Users.Supervisor, $"/api/cases/{id}/assignment", Scenarios.Assignment(), Conditional);
        var repeat = await Host.Post(Users.Supervisor, $"/api/cases/{id}/assignment", Scenarios.Assignment(), Conditional);

        first.Status.Should().Be(200);
        ShouldBeTheSameAnswer(repeat, first);
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task the_same_key_with_another_body_is_a_422_and_appends_nothing()
    {
        var id = await Host.ReportedCase();
        var key = NewKey();
        await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Scenarios.Note("first"), Key(key));

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Scenarios.Note("second"), Key(key));

        reply.ShouldBeProblem(422).ErrorFields().Should().Equal(Idempotency.Header);
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task the_same_key_on_another_case_is_a_422_and_appends_nothing()
    {
        var first = await Host.ReportedCase();
        var second = await Host.ReportedCase();
        var key = NewKey();
        await Host.Post(Users.Investigator, $"/api/cases/{first}/notes", Scenarios.Note(), Key(key));

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{second}/notes", Scenarios.Note(), Key(key));

        reply.ShouldBeProblem(422);
        (await Host.Stream(second)).Should().ContainSingle();
    }

    [Fact]
    public async Task the_same_key_with_another_opening_is_a_422_and_opens_nothing()
    {
        var key = NewKey();
        await Host.Post(Users.Reporter, "/api/cases", Scenarios.Sighting(name: "Li Wei"), Key(key));

        var reply = await Host.Post(Users.Reporter, "/api/cases", Scenarios.Sighting(name: "Zhang Wei"), Key(key));

        reply.ShouldBeProblem(422);
        (await AllEvents()).Should().ContainSingle();
    }

    [Fact]
    public async Task a_key_belongs_to_the_user_who_sent_it()
    {
        var id = await Host.ReportedCase();
        var key = NewKey();

        var mine = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Scenarios.Note(), Key(key));
        var theirs = await Host.Post(Users.OtherInvestigator, $"/api/cases/{id}/notes", Scenarios.Note(), Key(key));

        mine.Status.Should().Be(200);
        theirs.Status.Should().Be(200);
        theirs.Header(Idempotency.ReplayedHeader).Should().BeNull();
        theirs.Header("ETag").Should().Be("\"3\"");
        (await Host.Stream(id)).Should().HaveCount(3);
    }

    [Fact]
    public async Task concurrent_twins_of_one_note_append_once_and_all_get_the_first_answer()
    {
        var id = await Host.ReportedCase();
        var key = NewKey();

        var replies = await Task.WhenAll(Enumerable.Range(0, Twins).Select(_ =>
            Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Scenarios.Note(), Key(key))));

        replies.Select(r => r.Status).Should().OnlyContain(status => status == 200, "a twin waits for the first at commit and answers as it did");
        replies.Select(r => r.Text).Distinct().Should().ContainSingle();
        replies.Select(r => r.Header("ETag")).Distinct().Should().Equal("\"2\"");
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task concurrent_twins_of_one_opening_open_one_case()
    {
        var key = NewKey();

        var replies = await Task.WhenAll(Enumerable.Range(0, Twins).Select(_ =>
            Host.Post(Users.Reporter, "/api/cases", Scenarios.Sighting(), Key(key))));

        replies.Select(r => r.Status).Should().OnlyContain(status => status == 201);
        replies.Select(r => r.Text).Distinct().Should().ContainSingle();
        replies.Select(r => r.Header("Location")).Distinct().Should().ContainSingle();
        (await AllEvents()).Should().ContainSingle();
    }

    [Fact]
    public async Task a_refusal_is_not_remembered_so_a_retry_is_decided_afresh()
    {
        var id = await Host.ReportedCase();
        var key = NewKey();

        var refused = await Host.Post(Users.Supervisor, $"/api/cases/{id}/assignment", Scenarios.Assignment(), s =>
        {
            s.WithRequestHeader(Idempotency.Header, key);
            s.WithRequestHeader("If-Match", "\"7\"");
        });
        var retried = await Host.Post(Users.Supervisor, $"/api/cases/{id}/assignment", Scenarios.Assignment(), Key(key));

        refused.ShouldBeProblem(412);
        retried.Status.Should().Be(200);
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\there")]
    [InlineData("ключ")]
    public async Task a_malformed_key_is_a_400_naming_the_header(string key)
    {
        var id = await Host.ReportedCase();

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Scenarios.Note(), Key(key));

        reply.ShouldBeProblem(400).ErrorFields().Should().Equal(Idempotency.Header);
        (await Host.Stream(id)).Should().ContainSingle();
    }

    [Fact]
    public async Task a_quoted_key_is_the_same_key_as_the_bare_one()
    {
        var id = await Host.ReportedCase();
        var key = NewKey();

        var bare = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Scenarios.Note(), Key(key));
        var quoted = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Scenarios.Note(), Key($"\"{key}\""));

        ShouldBeTheSameAnswer(quoted, bare);
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task a_purged_key_may_be_used_again_as_a_new_write()
    {
        var id = await Host.ReportedCase();
        var key = NewKey();
        await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Scenarios.Note(), Key(key));

        await Idempotency.PurgeRecordedBeforeAsync(Fixture.Store, Fixture.Clock.GetUtcNow().AddMinutes(1), CancellationToken.None);
        var again = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Scenarios.Note(), Key(key));

        again.Status.Should().Be(200);
        again.Header("ETag").Should().Be("\"3\"");
        (await Host.Stream(id)).Should().HaveCount(3);
    }

    [Fact]
    public async Task the_purge_keeps_keys_younger_than_the_cutoff()
    {
        var id = await Host.ReportedCase();
        var key = NewKey();
        var first = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Scenarios.Note(), Key(key));

        await Idempotency.PurgeRecordedBeforeAsync(Fixture.Store, Fixture.Clock.GetUtcNow().AddHours(-24), CancellationToken.None);
        var repeat = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Scenarios.Note(), Key(key));

        ShouldBeTheSameAnswer(repeat, first);
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    private static string NewKey() => Guid.NewGuid().ToString();

    private static Action<Alba.Scenario> Key(string key) => s => s.WithRequestHeader(Idempotency.Header, key);

    private static void ShouldBeTheSameAnswer(Reply repeat, Reply first)
    {
        repeat.Status.Should().Be(first.Status);
        repeat.Text.Should().Be(first.Text);
        repeat.ContentType.Should().Be(first.ContentType);
        repeat.Header("ETag").Should().Be(first.Header("ETag")).And.NotBeNullOrEmpty();
        repeat.Header("Location").Should().Be(first.Header("Location"));
    }

    /// <summary>Every case event in the store; a failed commit leaves Marten's tombstones (sequence fillers), which are none.</summary>
    private async Task<IReadOnlyList<JasperFx.Events.IEvent>> AllEvents()
    {
        await using var session = Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.QueryAllRawEvents().ToListAsync();
        return events.Where(e => e.Data is not JasperFx.Events.Tombstone).ToList();
    }
}
