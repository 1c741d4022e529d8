using Alba;
using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests.ReadModels;

public sealed class StatisticsTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task Scenario()
    {
        var misuse = await Host.VerifiedAs("Soppeng", "CHN", "permitMisuse");
        await Host.Decided(misuse, "fee");
        await Host.VerifiedAs("Soppeng", "CHN", "permitMisuse", passport: "E22222222");
        var overstay = await Host.VerifiedAs("Parepare", "MYS", "overstay", passport: "A1111111");
        await Host.PostJson(Users.Investigator, $"/api/cases/{overstay}/sightings", Scenarios.Sighting("Parepare"), 200);
        await Host.ReportedCase(regency: "Barru");
        await Host.ProjectionsCaughtUp();
    }

    [Fact]
    public async Task statistics_count_cases_and_sightings_by_regency_nationality_finding_action_and_month()
    {
        await Scenario();

        var stats = await Host.GetJson(Users.Auditor, "/api/statistics");

        stats.GetProperty("cases").GetInt64().Should().Be(4);
        stats.GetProperty("sightings").GetInt64().Should().Be(5);
        Counts(stats, "byRegency").Should().BeEquivalentTo(new Dictionary<string, long> { ["Soppeng"] = 2, ["Parepare"] = 1, ["Barru"] = 1 });
        Counts(stats, "byNationality").Should().BeEquivalentTo(new Dictionary<string, long> { ["CHN"] = 3, ["MYS"] = 1 });
        Counts(stats, "byFinding").Should().BeEquivalentTo(new Dictionary<string, long> { ["permitMisuse"] = 2, ["overstay"] = 1 });
        Counts(stats, "byActionType").Should().BeEquivalentTo(new Dictionary<string, long> { ["fee"] = 1 });
        Counts(stats, "byMonth").Should().BeEquivalentTo(new Dictionary<string, long> { ["2025-07"] = 4 });
    }

    [Fact]
    public async Task statistics_filter_by_regency_and_period()
    {
        await Scenario();

        var soppeng = await Host.GetJson(Users.Investigator, "/api/statistics?regency=soppeng");
        soppeng.GetProperty("cases").GetInt64().Should().Be(2);
        Counts(soppeng, "byRegency").Keys.Should().Equal("Soppeng");

        var july = await Host.GetJson(Users.Investigator, "/api/statistics?from=2025-07-01&to=2025-07-09");
        july.GetProperty("cases").GetInt64().Should().Be(4, "the sightings were observed on 9 July, office time, and 'to' includes that day");

        var august = await Host.GetJson(Users.Investigator, "/api/statistics?from=2025-08-01");
        august.GetProperty("cases").GetInt64().Should().Be(0);
        august.GetProperty("sightings").GetInt64().Should().Be(0);

        await Host.GetJson(Users.Investigator, "/api/statistics?from=last-week", 400);
        await Host.GetJson(Users.ManpowerOfficer, "/api/statistics", 403);
    }

    [Fact]
    public async Task statistics_as_csv_open_as_a_table()
    {
        await Scenario();
        var token = Users.Auditor.TokenFor(Host.Auth());

        var result = await Host.Scenario(s =>
        {
            s.Get.Url("/api/statistics");
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.WithRequestHeader("Accept", "text/csv");
            s.StatusCodeShouldBe(200);
            s.ContentTypeShouldBe("text/csv; charset=utf-8");
        });

        var lines = (await result.ReadAsTextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("dimension,key,count");
        lines.Should().OnlyContain(line => line.Split(',').Length == 3);
        lines.Should().Contain(["sightings,,5", "cases,,4", "regency,Soppeng,2", "nationality,CHN,3", "finding,overstay,1", "actionType,fee,1", "month,2025-07,4"]);
    }

    private static Dictionary<string, long> Counts(System.Text.Json.JsonElement stats, string dimension) =>
        stats.GetProperty(dimension).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
}
