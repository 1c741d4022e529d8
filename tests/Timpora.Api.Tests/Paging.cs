using System.Text.Json;
using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests;

/// <summary>API.md, "Every collection is paged": page or cursor, next, total and totalIsExact, on every list route.</summary>
public sealed class Paging(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task following_the_cursor_gives_the_same_pages_as_asking_by_number()
    {
        for (var i = 0; i < 7; i++) await Host.OpenCase();

        var byNumber = new List<IReadOnlyList<Guid>>();
        for (var page = 1; page <= 3; page++) byNumber.Add(Ids(await List($"/api/cases?pageSize=3&page={page}")));
        var byCursor = new List<IReadOnlyList<Guid>>();
        var pages = new List<JsonElement>();
        for (var page = await List("/api/cases?pageSize=3"); ; page = await List($"/api/cases?pageSize=3&cursor={Next(page)}"))
        {
            pages.Add(page);
            byCursor.Add(Ids(page));
            if (Next(page) is null) break;
        }

        byCursor.Should().HaveCount(3);
        for (var i = 0; i < 3; i++) byCursor[i].Should().Equal(byNumber[i]);
        pages.Select(p => p.GetProperty("page").GetInt32()).Should().Equal(1, 2, 3);
        pages.Should().AllSatisfy(p =>
        {
            p.GetProperty("total").GetInt64().Should().Be(7);
            p.GetProperty("totalIsExact").GetBoolean().Should().BeTrue();
        });
        byCursor.SelectMany(ids => ids).Should().OnlyHaveUniqueItems().And.HaveCount(7);
    }

    [Fact]
    public async Task a_cursor_walk_has_no_duplicates_or_gaps_while_cases_are_added()
    {
        var before = new List<Guid>();
        for (var i = 0; i < 6; i++) before.Add(await Host.OpenCase());

        var first = await List("/api/cases?pageSize=2");
        var added = new List<Guid>();
        for (var i = 0; i < 3; i++) added.Add(await Host.OpenCase());
        var seen = new List<Guid>(Ids(first));
        for (var page = first; Next(page) is { } next;)
        {
            page = await List($"/api/cases?pageSize=2&cursor={next}");
            seen.AddRange(Ids(page));
            if (Next(page) is not null) added.Add(await Host.OpenCase());
        }

        seen.Should().OnlyHaveUniqueItems();
        seen.Should().BeEquivalentTo(before, "the walk started before the others were added, and they are newer than every page after the first");
        (await List("/api/cases")).GetProperty("total").GetInt64().Should().Be(before.Count + added.Count);
    }

    [Fact]
    public async Task a_search_pages_its_matches_newest_first_by_cursor_and_by_number_alike()
    {
        var matches = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            matches.Add(await Host.OpenCase(name: $"Wei Chen {i}"));
            await Host.OpenCase(name: $"Kim Min-jun {i}", passportNumber: $"M1000000{i}");
        }

        matches.Reverse();

        var byCursor = (await Walk(Users.Investigator, "/api/cases?q=wei%20chen", "id")).ToList();
        var byNumber = new List<string>();
        for (var page = 1; page <= 5; page++)
            byNumber.AddRange(Ids(await List($"/api/cases?q=wei%20chen&pageSize=1&page={page}")).Select(Text));

        byCursor.Should().Equal(matches.Select(Text));
        byNumber.Should().Equal(byCursor);
        (await List("/api/cases?q=wei%20chen&pageSize=2")).GetProperty("total").GetInt64().Should().Be(5);
    }

    [Fact]
    public async Task a_cursor_is_the_collections_own_and_excludes_asking_by_number()
    {
        for (var i = 0; i < 3; i++) await Host.OpenCase();
        var cursor = Next(await List("/api/cases?pageSize=1"))!;

        (await Host.Get(Users.Investigator, $"/api/cases?cursor={cursor}&page=2").Expect(400)).Json
            .GetProperty("errors").GetProperty("cursor").GetArrayLength().Should().BePositive();
        (await Host.Get(Users.Auditor, $"/api/reviews/pending?cursor={cursor}").Expect(400)).Json
            .GetProperty("errors").GetProperty("cursor").GetArrayLength().Should().BePositive();
        foreach (var garbage in new[] { "not-a-cursor", "eyJ4IjoxfQ", cursor[..^2] })
            (await Host.Get(Users.Investigator, $"/api/cases?cursor={garbage}").Expect(400)).ContentType.Should().StartWith("application/problem+json");
    }

    [Fact]
    public async Task the_investigators_queue_is_paged_oldest_first()
    {
        var cases = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = await Host.OpenCase();
            await Host.Assign(id, Users.Investigator.UserId);
            cases.Add(id);
        }

        var walked = await Walk(Users.Supervisor, $"/api/workload/investigators/{Users.Investigator.UserId}", "caseId");

        walked.Should().Equal(cases.Select(Text));
        (await List($"/api/workload/investigators/{Users.Investigator.UserId}?pageSize=2", Users.Supervisor))
            .GetProperty("userId").GetString().Should().Be(Users.Investigator.UserId);
    }

    [Fact]
    public async Task an_agencys_open_referrals_are_paged_soonest_due_first_beside_its_counts()
    {
        var office = DateOnly.FromDateTime(Fixture.Clock.GetUtcNow().UtcDateTime);
        var later = await Host.Refer(await Host.OpenCase(), dueBy: office.AddDays(20));
        var sooner = await Host.Refer(await Host.OpenCase(), dueBy: office.AddDays(10));
        var soonest = await Host.Refer(await Host.OpenCase(), dueBy: office.AddDays(5));
        await Host.ProjectionsCaughtUp();

        var walked = await Walk(Users.ManpowerOfficer, "/api/workload/agencies/DISNAKER", "referralId");
        var first = await List("/api/workload/agencies/DISNAKER?pageSize=1", Users.ManpowerOfficer);

        walked.Should().Equal(Text(soonest), Text(sooner), Text(later));
        first.GetProperty("openReferrals").GetInt32().Should().Be(3);
        first.GetProperty("total").GetInt64().Should().Be(3);
        first.GetProperty("agency").GetString().Should().Be("DISNAKER");
    }

    [Fact]
    public async Task the_review_queue_and_the_profiles_are_paged()
    {
        var decisions = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = await Host.OpenCase(passportNumber: $"E7000000{i}");
            await Host.Verify(id, passportNumber: $"E7000000{i}");
            decisions.Add(await Host.Decide(id));
        }

        await Host.ProjectionsCaughtUp();

        (await Walk(Users.Auditor, "/api/reviews/pending", "decisionId")).Should().Equal(decisions.Select(Text));
        var people = await Walk(Users.Investigator, "/api/foreign-nationals?nationality=CHN", "passportNumber");
        people.Should().BeEquivalentTo(new[] { "E70000000", "E70000001", "E70000002" });
    }

    /// <summary>Every item of a collection, read one per page by following <c>next</c>.</summary>
    private async Task<IReadOnlyList<string>> Walk(User user, string route, string field)
    {
        var separator = route.Contains('?') ? '&' : '?';
        var items = new List<string>();
        for (var page = await List($"{route}{separator}pageSize=1", user); ; page = await List($"{route}{separator}pageSize=1&cursor={Next(page)}", user))
        {
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                items.Add(item.GetProperty(field).GetString()!);
            }

            if (Next(page) is null) break;
        }

        return items;
    }

    private async Task<JsonElement> List(string route, User? user = null) => (await Host.Get(user ?? Users.Investigator, route).Expect(200)).Json;

    private static string Text(Guid id) => id.ToString();

    private static string? Next(JsonElement page) => page.GetProperty("next").GetString();

    private static IReadOnlyList<Guid> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
}
