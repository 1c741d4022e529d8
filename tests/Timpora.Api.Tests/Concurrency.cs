using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests;

/// <summary>
/// <c>If-Match</c> names the version a client last saw; a stale one is a 412 and appends nothing. Concurrent writers
/// never both win: the loser gets a 409 or 412, never a 500, and no acknowledged write is lost.
/// </summary>
public sealed class Concurrency(AppFixture fixture) : IntegrationContext(fixture)
{
    private const int Writers = 20;

    [Fact]
    public async Task a_write_naming_the_current_version_succeeds_with_the_next_version_as_etag()
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(), ifMatch: "\"1\"");

        reply.Status.Should().Be(200);
        reply.Header("ETag").Should().Be("\"2\"");
        reply.Json.GetProperty("version").GetInt64().Should().Be(2);
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("*")]
    public async Task a_weak_or_wildcard_if_match_is_understood(string ifMatch)
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(), ifMatch: ifMatch);

        reply.Status.Should().Be(200);
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task a_write_naming_a_stale_version_is_a_412_and_appends_nothing()
    {
        var id = await Host.OpenCase();
        await Host.AddNote(id, "first");

        var reply = await Host.Post(Users.Supervisor, $"/api/cases/{id}/assignment", Bodies.Assignment(), ifMatch: "\"1\"");

        reply.ShouldBeProblem(412);
        var events = await Host.Stream(id);
        events.Should().HaveCount(2);
        events[^1].Data.Should().BeOfType<NoteAdded>();
    }

    [Fact]
    public async Task a_version_the_case_has_not_reached_is_a_412()
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(), ifMatch: "\"7\"");

        reply.ShouldBeProblem(412);
        (await Host.Stream(id)).Should().HaveCount(1);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("\"-1\"")]
    [InlineData("\"1\", \"2\"")]
    [InlineData("\"1.5\"")]
    public async Task a_malformed_if_match_is_a_400_naming_the_header(string ifMatch)
    {
        var id = await Host.OpenCase();

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note(), ifMatch: ifMatch);

        reply.ShouldBeProblem(400).ErrorFields().Should().Equal("If-Match");
        (await Host.Stream(id)).Should().HaveCount(1);
    }

    [Fact]
    public async Task the_etag_of_a_read_is_the_if_match_of_the_next_write()
    {
        var id = await Host.OpenCase();
        await Host.AddNote(id);
        var etag = (await Host.Get(Users.Investigator, $"/api/cases/{id}").Expect(200)).ETag;

        var reply = await Host.Post(Users.Investigator, $"/api/cases/{id}/verification", Bodies.Verification(), ifMatch: etag);

        etag.Should().Be("\"2\"");
        reply.Status.Should().Be(200);
        reply.Header("ETag").Should().Be("\"3\"");
    }

    [Theory]
    [InlineData("notes")]
    [InlineData("assignment")]
    public async Task of_concurrent_writes_naming_the_same_version_exactly_one_wins(string command)
    {
        var id = await Host.OpenCase();
        var (url, user) = command == "notes" ? ($"/api/cases/{id}/notes", Users.Investigator) : ($"/api/cases/{id}/assignment", Users.Supervisor);

        var replies = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            Host.Post(user, url, command == "notes" ? Bodies.Note($"note {i}") : Bodies.Assignment($"inv-{i}"), ifMatch: "\"1\"")));

        replies.Select(r => r.Status).Should().OnlyContain(status => status == 200 || status == 409 || status == 412);
        replies.Where(r => r.IsSuccess).Should().ContainSingle().Which.Header("ETag").Should().Be("\"2\"");
        foreach (var refused in replies.Where(r => !r.IsSuccess)) refused.ShouldBeProblem(refused.Status);
        (await Host.Stream(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task concurrent_writes_without_if_match_lose_no_acknowledged_write()
    {
        var id = await Host.OpenCase();

        var replies = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            Host.Post(Users.Investigator, $"/api/cases/{id}/notes", Bodies.Note($"note {i}"))));

        replies.Select(r => r.Status).Should().OnlyContain(status => status == 200 || status == 409);
        var acknowledged = replies.Where(r => r.IsSuccess).Select(r => r.Json.GetProperty("version").GetInt64()).ToList();
        acknowledged.Should().NotBeEmpty().And.OnlyHaveUniqueItems();
        var events = await Host.Stream(id);
        events.Should().HaveCount(1 + acknowledged.Count);
        acknowledged.Should().BeSubsetOf(events.Select(e => e.Version));
    }

    [Fact]
    public async Task concurrent_openings_in_one_regency_get_distinct_case_numbers()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ =>
            Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting("Soppeng"))));

        replies.Select(r => r.Status).Should().OnlyContain(status => status == 201);
        var numbers = replies.Select(r => r.Json.GetProperty("caseNumber").GetString()).ToList();
        numbers.Should().OnlyHaveUniqueItems().And.HaveCount(Writers).And.OnlyContain(n => n!.StartsWith("SOPPENG-"));
        foreach (var reply in replies)
        {
            var reported = (await Host.Stream(reply.Json.GetProperty("id").GetGuid())).Should().ContainSingle().Which.Data
                .Should().BeOfType<SightingReported>().Subject;
            reported.CaseNumber.Should().Be(reply.Json.GetProperty("caseNumber").GetString());
        }
    }

    [Fact]
    public async Task concurrent_repeats_of_one_report_open_one_case()
    {
        var id = Guid.CreateVersion7();

        var replies = await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ =>
            Host.Post(Users.Reporter, "/api/cases", Bodies.Sighting(id: id))));

        replies.Select(r => r.Status).Should().OnlyContain(status => status == 201, "every repeat of the same report is answered as the first");
        replies.Select(r => r.Json.GetProperty("caseNumber").GetString()).Distinct().Should().ContainSingle();
        (await Host.Stream(id)).Should().ContainSingle();
    }
}
