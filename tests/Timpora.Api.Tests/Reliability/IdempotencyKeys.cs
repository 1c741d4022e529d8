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
        var id = await Host.OpenCase();
        var key = NewKey();

        var first = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(), idempotencyKey: key);
        var repeat = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(), idempotencyKey: key);

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

        var first = await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(), idempotencyKey: key);
        var repeat = await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(), idempotencyKey: key);

        first.Status.Should().Be(201);
        first.Header("Location").Should().StartWith("/api/cases/");
        ShouldBeTheSameAnswer(repeat, first);
        (await AllEvents()).Should().ContainSingle();
    }

    [Fact]
    public async Task a_repeated_referral_answers_the_referral_id_the_first_time_made()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        var key = NewKey();

        var first = await Host.Post(Users.Investigator, $"/api/cases/{id}/referrals", Bodies.Referral(), idempotencyKey: key);
        var repeat = await Host.Post(Users.Investigator, $"/api/cases/{id}/referrals", Bodies.Referral(), idempotencyKey: key);

        first.Status.Should().Be(201);
        ShouldBeTheSameAnswer(repeat, first);
        (await Host.Stream(id)).Where(e => e.Data is CaseReferred).Should().ContainSingle();
    }

    [Fact]
    public async Task a_repeat_is_answered_even_when_its_if_match_is_no_longer_current()
    {
        var id = await Host.OpenCase();
        var key = NewKey();
        var first = await Host.Post(Users.Supervisor, $"/api/cases/{id}/assignment", Bodies.Assignment(), ifMatch: "\"1\"", idempotencyKey: key);
        var repeat = await Host.Post(Users.Supervisor, $"/api/cases/{id}/assignment", Bodies.Assignment(), ifMatch: "\"1\"", idempotencyKey: key);

        first.Status.Should().Be(200);
        ShouldBeTheSameAnswer(repeat, first);
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task the_same_key_with_another_body_is_a_422_and_appends_nothing()
    {
        var id = await Host.OpenCase();
        var key = NewKey();
        await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note("first"), idempotencyKey: key);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note("second"), idempotencyKey: key);

        reply.ShouldBeProblem(422).ErrorFields().Should().Equal(Idempotency.Header);
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task the_same_key_on_another_case_is_a_422_and_appends_nothing()
    {
        var first = await Host.OpenCase();
        var second = await Host.OpenCase();
        var key = NewKey();
        await Host.Post(Users.Investigator, $"/api/cases/{first}/notes", Bodies.Note(), idempotencyKey: key);

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{second}/notes", Bodies.Note(), idempotencyKey: key);

        reply.ShouldBeProblem(422);
        (await Host.Stream(second)).Should().ContainSingle();
    }

    [Fact]
    public async Task the_same_key_with_another_opening_is_a_422_and_opens_nothing()
    {
        var key = NewKey();
        await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(name: "Li Wei"), idempotencyKey: key);

        var reply = await Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(name: "Zhang Wei"), idempotencyKey: key);

        reply.ShouldBeProblem(422);
        (await AllEvents()).Should().ContainSingle();
    }

    [Fact]
    public async Task a_key_belongs_to_the_user_who_sent_it()
    {
        var id = await Host.OpenCase();
        var key = NewKey();

        var mine = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(), idempotencyKey: key);
        var theirs = await Host.Post(Users.OtherInvestigator, $"/api/cases/{id}/notes", Bodies.Note(), idempotencyKey: key);

        mine.Status.Should().Be(200);
        theirs.Status.Should().Be(200);
        theirs.Header(Idempotency.ReplayedHeader).Should().BeNull();
        theirs.Header("ETag").Should().Be("\"3\"");
        (await Host.Stream(id)).Should().HaveCount(3);
    }

    [Fact]
    public async Task concurrent_twins_of_one_note_append_once_and_all_get_the_first_answer()
    {
        var id = await Host.OpenCase();
        var key = NewKey();

        var replies = await Task.WhenAll(Enumerable.Range(0, Twins).Select(_ =>
            Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(), idempotencyKey: key)));

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
            Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(), idempotencyKey: key)));

        replies.Select(r => r.Status).Should().OnlyContain(status => status == 201);
        replies.Select(r => r.Text).Distinct().Should().ContainSingle();
        replies.Select(r => r.Header("Location")).Distinct().Should().ContainSingle();
        (await AllEvents()).Should().ContainSingle();
    }

    [Fact]
    public async Task a_refusal_is_not_remembered_so_a_retry_is_decided_afresh()
    {
        var id = await Host.OpenCase();
        var key = NewKey();

        var refused = await Host.Post(Users.Supervisor, $"/api/cases/{id}/assignment", Bodies.Assignment(), ifMatch: "\"7\"", idempotencyKey: key);
        var retried = await Host.Post(Users.Supervisor, $"/api/cases/{id}/assignment", Bodies.Assignment(), idempotencyKey: key);

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
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(), idempotencyKey: key);

        reply.ShouldBeProblem(400).ErrorFields().Should().Equal(Idempotency.Header);
        (await Host.Stream(id)).Should().ContainSingle();
    }

    [Fact]
    public async Task a_quoted_key_is_the_same_key_as_the_bare_one()
    {
        var id = await Host.OpenCase();
        var key = NewKey();

        var bare = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(), idempotencyKey: key);
        var quoted = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(), idempotencyKey: $"\"{key}\"");

        ShouldBeTheSameAnswer(quoted, bare);
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task a_purged_key_may_be_used_again_as_a_new_write()
    {
        var id = await Host.OpenCase();
        var key = NewKey();
        await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(), idempotencyKey: key);

        await Idempotency.PurgeRecordedBeforeAsync(Fixture.Store, Fixture.Clock.GetUtcNow().AddMinutes(1), CancellationToken.None);
        var again = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(), idempotencyKey: key);

        again.Status.Should().Be(200);
        again.Header("ETag").Should().Be("\"3\"");
        (await Host.Stream(id)).Should().HaveCount(3);
    }

    [Fact]
    public async Task the_purge_keeps_keys_younger_than_the_cutoff()
    {
        var id = await Host.OpenCase();
        var key = NewKey();
        var first = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(), idempotencyKey: key);

        await Idempotency.PurgeRecordedBeforeAsync(Fixture.Store, Fixture.Clock.GetUtcNow().AddHours(-24), CancellationToken.None);
        var repeat = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(), idempotencyKey: key);

        ShouldBeTheSameAnswer(repeat, first);
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    private static string NewKey() => Guid.NewGuid().ToString();

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
