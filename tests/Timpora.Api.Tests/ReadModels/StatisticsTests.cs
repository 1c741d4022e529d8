using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests.ReadModels;

public sealed class StatisticsTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task Scenario()
    {
        var misuse = await Host.OpenCase(passportNumber: null);
        await Host.Verify(misuse);
        await Host.Decide(misuse, Bodies.Decision("fee"));
        var another = await Host.OpenCase(passportNumber: null);
        await Host.Verify(another, passportNumber: "E22222222");
        var overstay = await Host.OpenCase(regency: "Parepare", nationality: "MYS", passportNumber: null);
        await Host.Verify(overstay, "overstay", nationality: "MYS", passportNumber: "A1111111");
        await Host.AddSighting(overstay, Bodies.Sighting("Parepare"));
        await Host.OpenCase(regency: "Barru");
        await Host.ProjectionsCaughtUp();
    }

    [Fact]
    public async Task statistics_count_cases_and_sightings_by_regency_nationality_finding_action_and_month()
    {
        await Scenario();

        var stats = (await Host.Get(Users.Auditor, "/api/statistics").Expect(200)).Json;

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

        var soppeng = (await Host.Get(Users.Investigator, "/api/statistics?regency=soppeng").Expect(200)).Json;
        soppeng.GetProperty("cases").GetInt64().Should().Be(2);
        Counts(soppeng, "byRegency").Keys.Should().Equal("Soppeng");

        var july = (await Host.Get(Users.Investigator, "/api/statistics?from=2025-07-01&to=2025-07-09").Expect(200)).Json;
        july.GetProperty("cases").GetInt64().Should().Be(4, "the sightings were observed on 9 July, office time, and 'to' includes that day");

        var august = (await Host.Get(Users.Investigator, "/api/statistics?from=2025-08-01").Expect(200)).Json;
        august.GetProperty("cases").GetInt64().Should().Be(0);
        august.GetProperty("sightings").GetInt64().Should().Be(0);

        await Host.Get(Users.Investigator, "/api/statistics?from=last-week").Expect(400);
        (await Host.Get(Users.Investigator, "/api/statistics?from=0001-01-01").Expect(400)).Json.GetProperty("errors").GetProperty("from");
        (await Host.Get(Users.Investigator, "/api/statistics?to=9999-12-31T23:59:59.9999999Z").Expect(400)).Json.GetProperty("errors").GetProperty("to");
        await Host.Get(Users.ManpowerOfficer, "/api/statistics").Expect(403);
    }

    [Fact]
    public async Task statistics_as_csv_open_as_a_table()
    {
        await Scenario();

        var csv = await Host.Get(Users.Auditor, "/api/statistics", headers: new Dictionary<string, string> { ["Accept"] = "text/csv" }).Expect(200);

        csv.ContentType.Should().Be("text/csv; charset=utf-8");
        var lines = csv.Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("dimension,key,count");
        lines.Should().OnlyContain(line => line.Split(',').Length == 3);
        lines.Should().Contain(["sightings,,5", "cases,,4", "regency,Soppeng,2", "nationality,CHN,3", "finding,overstay,1", "actionType,fee,1", "month,2025-07,4"]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "regency,\"'=HYPERLINK(\"\"http://x\"\")\",1")]
    [InlineData("Soppeng;=1+1", "regency,\"Soppeng;=1+1\",1")]
    [InlineData("Soppeng\t=1+1", "regency,\"Soppeng\t=1+1\",1")]
    [InlineData("-2+3", "regency,'-2+3,1")]
    public async Task a_value_a_spreadsheet_could_run_as_a_formula_is_written_as_text(string regency, string line)
    {
        await Host.Post(Users.Investigator, "/api/cases", Bodies.Sighting(regency: regency)).Expect(201);
        await Host.ProjectionsCaughtUp();

        var csv = await Host.Get(Users.Auditor, "/api/statistics", headers: new Dictionary<string, string> { ["Accept"] = "text/csv" }).Expect(200);

        csv.Text.Split("\r\n").Should().Contain(line);
    }

    private static Dictionary<string, long> Counts(System.Text.Json.JsonElement stats, string dimension) =>
        stats.GetProperty(dimension).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
}
