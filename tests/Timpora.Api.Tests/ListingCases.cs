using System.Globalization;
using System.Text.Json;
using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests;

public sealed class ListingCases(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly User PoliceInvestigator = new("pol-budi", "Budi Reskrim", "POLRI", Roles.Investigator);

    [Fact]
    public async Task the_list_is_newest_first_with_exactly_the_documented_item_fields()
    {
        var first = await Host.OpenCase();
        var second = (await Host.Post(Users.Investigator, "/api/cases", Bodies.Sighting(regency: "Wajo", name: "Nguyen Van An", nationality: "VNM"))
            .Expect(201)).Json;
        var third = await Host.OpenCase(name: null);

        var list = (await Host.Get(Users.Investigator, "/api/cases").Expect(200)).Json;

        list.PropertyNames().Should().BeEquivalentTo("items", "page", "pageSize", "total", "totalIsExact", "next");
        list.GetProperty("page").GetInt32().Should().Be(1);
        list.GetProperty("pageSize").GetInt32().Should().Be(50);
        list.GetProperty("total").GetInt64().Should().Be(3);
        list.GetProperty("totalIsExact").GetBoolean().Should().BeTrue();
        list.GetProperty("next").ValueKind.Should().Be(JsonValueKind.Null);
        Ids(list).Should().Equal(third, IdOf(second), first);

        var item = list.GetProperty("items")[1];
        item.PropertyNames().Should().BeEquivalentTo("id", "caseNumber", "status", "openedAt", "regency", "nationality", "subjectName", "assignedTo");
        item.GetProperty("caseNumber").GetString().Should().Be(second.GetProperty("caseNumber").GetString());
        item.GetProperty("status").GetString().Should().Be("reported");
        item.Time("openedAt").Should().Be((await Host.Summary(IdOf(second))).Time("openedAt"));
        item.GetProperty("regency").GetString().Should().Be("Wajo");
        item.GetProperty("nationality").GetString().Should().Be("VNM");
        item.GetProperty("subjectName").GetString().Should().Be("Nguyen Van An");
        item.GetProperty("assignedTo").ValueKind.Should().Be(JsonValueKind.Null);
        list.GetProperty("items")[0].GetProperty("subjectName").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task an_empty_store_lists_nothing()
    {
        var list = (await Host.Get(Users.Investigator, "/api/cases").Expect(200)).Json;

        list.GetProperty("items").GetArrayLength().Should().Be(0);
        list.GetProperty("total").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task filtering_by_status_finds_the_cases_in_that_status()
    {
        var reported = await Host.OpenCase();
        var verified = await Host.OpenCase();
        await Host.Verify(verified);
        var referred = await Host.OpenCase();
        await Host.Verify(referred);
        await Host.Refer(referred, "DISNAKER");
        var actionTaken = await Host.OpenCase();
        await Host.Decide(actionTaken);
        var closed = await Host.OpenCase();
        await Host.Close(closed);

        (await IdsFor("status=reported")).Should().Equal(reported);
        (await IdsFor("status=verified")).Should().Equal(verified);
        (await IdsFor("status=referred")).Should().Equal(referred);
        (await IdsFor("status=actionTaken")).Should().Equal(actionTaken);
        (await IdsFor("status=closed")).Should().Equal(closed);
    }

    [Fact]
    public async Task a_reopened_case_is_listed_under_the_status_it_returned_to()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        await Host.Close(id);
        await Host.Reopen(id);

        (await IdsFor("status=verified")).Should().Equal(id);
        (await IdsFor("status=closed")).Should().BeEmpty();
    }

    [Fact]
    public async Task filtering_by_regency_finds_the_cases_seen_there()
    {
        var soppeng = await Host.OpenCase(regency: "Soppeng");
        var wajo = await Host.OpenCase(regency: "Wajo");

        (await IdsFor("regency=Wajo")).Should().Equal(wajo);
        (await IdsFor("regency=Soppeng")).Should().Equal(soppeng);
        (await IdsFor("regency=Bone")).Should().BeEmpty();
    }

    [Fact]
    public async Task filtering_by_nationality_matches_the_reported_or_the_verified_nationality()
    {
        var reportedChineseVerifiedTaiwanese = await Host.OpenCase(nationality: "CHN");
        await Host.Verify(reportedChineseVerifiedTaiwanese, "overstay", fullName: "Lin Wei-Ting", nationality: "TWN", passportNumber: "312345678");
        var vietnamese = await Host.OpenCase(nationality: "VNM", name: "Nguyen Van An");

        (await IdsFor("nationality=CHN")).Should().Equal(reportedChineseVerifiedTaiwanese);
        (await IdsFor("nationality=TWN")).Should().Equal(reportedChineseVerifiedTaiwanese);
        (await IdsFor("nationality=VNM")).Should().Equal(vietnamese);
        (await IdsFor("nationality=MYS")).Should().BeEmpty();
    }

    [Fact]
    public async Task filtering_by_agency_finds_the_cases_referred_to_it_whatever_the_referral_became()
    {
        var toManpower = await Host.OpenCase();
        await Host.Verify(toManpower);
        var referralId = await Host.Refer(toManpower, "DISNAKER");
        await Host.AnswerReferral(toManpower, referralId, by: Users.ManpowerOfficer);
        var toPolice = await Host.OpenCase();
        await Host.Verify(toPolice);
        await Host.Refer(toPolice, "POLRI");
        await Host.Verify(await Host.OpenCase());

        (await IdsFor("referredTo=DISNAKER")).Should().Equal(toManpower);
        (await IdsFor("referredTo=POLRI")).Should().Equal(toPolice);
        (await IdsFor("referredTo=POLRI&status=verified")).Should().BeEmpty("filters combine");
        (await IdsFor("referredTo=BIN")).Should().BeEmpty();
    }

    [Fact]
    public async Task filtering_by_assigned_investigator_finds_their_cases()
    {
        var rinas = await Host.OpenCase();
        await Host.Assign(rinas, Users.OtherInvestigator.UserId);
        var andis = await Host.OpenCase();
        await Host.Assign(andis, Users.Investigator.UserId);
        await Host.OpenCase();

        (await IdsFor($"assignedTo={Users.OtherInvestigator.UserId}")).Should().Equal(rinas);
        var list = (await Host.Get(Users.Investigator, $"/api/cases?assignedTo={Users.Investigator.UserId}").Expect(200)).Json;
        Ids(list).Should().Equal(andis);
        list.GetProperty("items")[0].GetProperty("assignedTo").GetString().Should().Be(Users.Investigator.UserId);
    }

    [Fact]
    public async Task filtering_by_opening_time_includes_both_bounds()
    {
        var first = await Host.OpenCase();
        var second = await Host.OpenCase();
        var third = await Host.OpenCase();
        var openedAt = (await Host.Summary(second)).Time("openedAt").ToUniversalTime();

        (await IdsFor($"openedFrom={Reads.Query(openedAt)}")).Should().Equal(third, second);
        (await IdsFor($"openedTo={Reads.Query(openedAt)}")).Should().Equal(second, first);
        (await IdsFor($"openedFrom={Reads.Query(openedAt)}&openedTo={Reads.Query(openedAt)}")).Should().Equal(second);
    }

    [Fact]
    public async Task a_cases_own_opening_time_as_both_bounds_finds_exactly_that_case()
    {
        // openedAt has ten-millionths of a second, the database microseconds: among several cases some round up there.
        var ids = new List<Guid>();
        for (var i = 0; i < 8; i++) ids.Add(await Host.OpenCase());

        foreach (var id in ids)
        {
            var openedAt = Reads.Query((await Host.Summary(id)).Time("openedAt"));
            (await IdsFor($"openedFrom={openedAt}&openedTo={openedAt}")).Should().Equal([id], $"case {id} was opened at {openedAt}");
        }
    }

    [Fact]
    public async Task filtering_by_opening_dates_includes_the_whole_of_both_days()
    {
        var id = await Host.OpenCase();
        var openedOn = DateOnly.FromDateTime((await Host.Summary(id)).Time("openedAt").DateTime);
        string Day(int offset) => openedOn.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        (await IdsFor($"openedFrom={Day(0)}&openedTo={Day(0)}")).Should().Equal(id);
        (await IdsFor($"openedTo={Day(0)}")).Should().Equal(id);
        (await IdsFor($"openedFrom={Day(0)}")).Should().Equal(id);
        (await IdsFor($"openedTo={Day(-1)}")).Should().BeEmpty();
        (await IdsFor($"openedFrom={Day(1)}")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("WAJO-")]
    [InlineData("nguyen van")]
    [InlineData("c98765")]
    [InlineData("sells phones")]
    public async Task free_text_finds_a_case_by_number_subject_name_passport_or_description(string q)
    {
        await Host.OpenCase(regency: "Soppeng", name: "Li Wei", passportNumber: "E12345678", description: "wears a yellow hard hat");
        var wanted = await Host.OpenCase(regency: "Wajo", name: "Nguyen Van An", nationality: "VNM", passportNumber: "C9876543",
            description: "sells phones at the market");

        (await IdsFor($"q={Uri.EscapeDataString(q)}")).Should().Equal(wanted);
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    public async Task free_text_takes_wildcard_characters_literally(string q)
    {
        await Host.OpenCase();

        (await IdsFor($"q={Uri.EscapeDataString(q)}")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("e 1234-5678")]
    [InlineData("E12345678")]
    [InlineData("nguyễn van")]
    [InlineData("NGUYEN")]
    [InlineData("hard hat")]
    public async Task free_text_finds_passports_whatever_their_spacing_and_names_whatever_their_accents(string q)
    {
        var wanted = await Host.OpenCase(name: "Nguyen Van An", nationality: "VNM", passportNumber: "E12345678");
        await Host.OpenCase(name: "Kim Min-jun", nationality: "KOR", passportNumber: "M87654321", description: "blue cap");

        (await IdsFor($"q={Uri.EscapeDataString(q)}")).Should().Equal(wanted);
    }

    [Fact]
    public async Task a_term_shorter_than_three_letters_finds_whole_words()
    {
        var li = await Host.OpenCase(name: "Li Wei", passportNumber: "E10000001");
        await Host.OpenCase(name: "Ali Khan", nationality: "AFG", passportNumber: "P20000002", description: "seen at the harbour");

        (await IdsFor("q=LI")).Should().Equal(li);
    }

    [Theory]
    [InlineData("wei li")]
    [InlineData("WEI, Li")]
    [InlineData("li  wei")]
    public async Task a_name_is_found_whatever_the_order_of_its_words(string q)
    {
        var wanted = await Host.OpenCase(name: "Li Wei", passportNumber: "E10000001");
        await Host.OpenCase(name: "Wei Zhang", passportNumber: "E10000002");
        await Host.OpenCase(name: "Li Na", passportNumber: "E10000003");

        (await IdsFor($"q={Uri.EscapeDataString(q)}")).Should().Equal(wanted);
    }

    [Fact]
    public async Task a_verified_name_and_passport_find_the_case_once_recorded()
    {
        var id = await Host.OpenCase(name: null, passportNumber: null);
        (await IdsFor("q=rahma")).Should().BeEmpty();

        await Host.Verify(id, fullName: "Siti Rahma binti Ahmad", nationality: "MYS", passportNumber: "A 5555-0001");

        (await IdsFor("q=ahmad%20siti")).Should().Equal(id);
        (await IdsFor("q=a55550001")).Should().Equal(id);
    }

    [Fact]
    public async Task free_text_finds_a_case_by_any_part_of_its_number()
    {
        var wanted = (await Host.Post(Users.Investigator, "/api/cases", Bodies.Sighting(regency: "Wajo")).Expect(201)).Json;
        await Host.OpenCase(regency: "Soppeng");
        var number = wanted.GetProperty("caseNumber").GetString()!;

        (await IdsFor($"q={Uri.EscapeDataString(number)}")).Should().Equal(IdOf(wanted));
        (await IdsFor($"q={Uri.EscapeDataString(number.ToLowerInvariant()[..8])}")).Should().Equal(IdOf(wanted));
    }

    [Fact]
    public async Task pages_split_the_newest_first_list_and_each_tells_the_total()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await Host.OpenCase());
        ids.Reverse();

        var first = (await Host.Get(Users.Investigator, "/api/cases?pageSize=2").Expect(200)).Json;
        var second = (await Host.Get(Users.Investigator, "/api/cases?page=2&pageSize=2").Expect(200)).Json;
        var third = (await Host.Get(Users.Investigator, "/api/cases?page=3&pageSize=2").Expect(200)).Json;
        var beyond = (await Host.Get(Users.Investigator, "/api/cases?page=4&pageSize=2").Expect(200)).Json;

        Ids(first).Should().Equal(ids[0], ids[1]);
        Ids(second).Should().Equal(ids[2], ids[3]);
        Ids(third).Should().Equal(ids[4]);
        Ids(beyond).Should().BeEmpty();
        foreach (var page in new[] { first, second, third, beyond })
        {
            page.GetProperty("total").GetInt64().Should().Be(5);
            page.GetProperty("pageSize").GetInt32().Should().Be(2);
        }

        second.GetProperty("page").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task every_page_of_a_filtered_list_tells_the_filtered_total()
    {
        var wajo = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            wajo.Add(await Host.OpenCase(regency: "Wajo"));
            await Host.OpenCase(regency: "Soppeng");
        }

        wajo.Reverse();

        var pages = new List<JsonElement>();
        for (var page = 1; page <= 4; page++) pages.Add((await Host.Get(Users.Investigator, $"/api/cases?regency=Wajo&page={page}&pageSize=2").Expect(200)).Json);

        Ids(pages[0]).Should().Equal(wajo[0], wajo[1]);
        Ids(pages[1]).Should().Equal(wajo[2], wajo[3]);
        Ids(pages[2]).Should().Equal(wajo[4]);
        Ids(pages[3]).Should().BeEmpty();
        pages.Select(p => p.GetProperty("total").GetInt64()).Should().Equal(5, 5, 5, 5);
        (await Host.Get(Users.Investigator, "/api/cases?regency=Bone&pageSize=2").Expect(200)).Json.GetProperty("total").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task a_page_far_beyond_the_end_is_empty_and_still_tells_the_total()
    {
        await Host.OpenCase();

        var list = (await Host.Get(Users.Investigator, $"/api/cases?page={int.MaxValue}&pageSize=200").Expect(200)).Json;

        Ids(list).Should().BeEmpty();
        list.GetProperty("page").GetInt32().Should().Be(int.MaxValue);
        list.GetProperty("total").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task a_page_size_above_200_is_capped_at_200()
    {
        await Host.OpenCase();

        var list = (await Host.Get(Users.Investigator, "/api/cases?pageSize=500").Expect(200)).Json;

        list.GetProperty("pageSize").GetInt32().Should().Be(200);
        list.GetProperty("items").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task a_reporter_lists_only_the_cases_they_reported()
    {
        var mine = await Host.OpenCase(by: Users.Reporter);
        await Host.OpenCase(by: Users.OtherReporter);
        await Host.OpenCase(by: Users.Investigator);

        var list = (await Host.Get(Users.Reporter, "/api/cases").Expect(200)).Json;

        Ids(list).Should().Equal(mine);
        list.GetProperty("total").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task an_agency_officer_lists_only_the_cases_referred_to_their_agency()
    {
        var toManpower = await Host.OpenCase();
        await Host.Verify(toManpower);
        await Host.Refer(toManpower, "DISNAKER");
        var toPolice = await Host.OpenCase();
        await Host.Verify(toPolice);
        await Host.Refer(toPolice, "POLRI");
        await Host.OpenCase(by: Users.ManpowerOfficer);

        var list = (await Host.Get(Users.ManpowerOfficer, "/api/cases").Expect(200)).Json;

        Ids(list).Should().Equal(toManpower);
        list.GetProperty("total").GetInt64().Should().Be(1);
        Ids((await Host.Get(Users.ManpowerOfficer, "/api/cases?referredTo=POLRI").Expect(200)).Json).Should().BeEmpty();
    }

    [Fact]
    public async Task immigration_investigators_supervisors_and_auditors_list_every_case()
    {
        var byReporter = await Host.OpenCase(by: Users.Reporter);
        var byOfficer = await Host.OpenCase(by: Users.PoliceOfficer);
        var byInvestigator = await Host.OpenCase(by: Users.Investigator);

        foreach (var reader in new[] { Users.Investigator, Users.Supervisor, Users.Auditor })
            Ids((await Host.Get(reader, "/api/cases").Expect(200)).Json).Should().Equal(byInvestigator, byOfficer, byReporter);
    }

    [Fact]
    public async Task an_investigator_outside_immigration_lists_no_case()
    {
        await Host.OpenCase(by: Users.Reporter);

        var list = (await Host.Get(PoliceInvestigator, "/api/cases").Expect(200)).Json;

        Ids(list).Should().BeEmpty();
        list.GetProperty("total").GetInt64().Should().Be(0);
    }

    [Theory]
    [InlineData("status=open", "status")]
    [InlineData("nationality=XX", "nationality")]
    [InlineData("nationality=ZZZ", "nationality")]
    [InlineData("referredTo=KPK", "referredTo")]
    [InlineData("openedFrom=last-week", "openedFrom")]
    [InlineData("openedTo=2025-02-30", "openedTo")]
    [InlineData("openedFrom=0001-01-01", "openedFrom")]
    [InlineData("openedTo=9999-12-31", "openedTo")]
    [InlineData("openedTo=9999-12-31T23:59:59.9999999Z", "openedTo")]
    [InlineData("openedFrom=0001-01-01T00:00:00%2B14:00", "openedFrom")]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=many", "pageSize")]
    public async Task a_filter_value_that_cannot_be_read_is_a_400_problem(string query, string field)
    {
        var answer = await Host.Get(Users.Investigator, $"/api/cases?{query}").Expect(400);

        answer.ContentType.Should().StartWith("application/problem+json");
        answer.Json.GetProperty("status").GetInt32().Should().Be(400);
        answer.Json.GetProperty("errors").GetProperty(field).GetArrayLength().Should().BePositive();
    }

    [Fact]
    public async Task free_text_longer_than_200_characters_is_a_400_problem()
    {
        var answer = await Host.Get(Users.Investigator, $"/api/cases?q={new string('a', 201)}").Expect(400);

        answer.Json.GetProperty("errors").GetProperty("q").GetArrayLength().Should().BePositive();
    }

    private async Task<IReadOnlyList<Guid>> IdsFor(string query) => Ids((await Host.Get(Users.Investigator, $"/api/cases?{query}").Expect(200)).Json);

    private static IReadOnlyList<Guid> Ids(JsonElement list) =>
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    private static Guid IdOf(JsonElement opened) => opened.GetProperty("id").GetGuid();
}
