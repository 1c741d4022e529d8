using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Timpora.Api.Tests.Support;
using Timpora.Cases.Statistics;
using ProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Timpora.Api.Tests.ReadModels;

/// <summary>
/// Statistics are read from counters kept as the case facts are written (Timpora.Cases.Statistics.StatisticsRollups):
/// what such counters can get wrong, checked against the counts a case's own facts give.
/// </summary>
public sealed class StatisticsCountersTests(AppFixture fixture) : IntegrationContext(fixture)
{
    /// <summary>First sightings around the turn of June into July and of July into August, office time (UTC+8) unless stated.</summary>
    private static readonly (string Regency, string ObservedAt)[] Openings =
    [
        ("Soppeng", "2025-06-30T23:59:59+08:00"),
        ("Soppeng", "2025-07-01T00:00:00+08:00"),
        ("soppeng", "2025-06-30T17:30:00Z"),
        ("Barru", "2025-07-15T09:00:00+07:00"),
        ("Barru", "2025-07-31T23:30:00+08:00"),
        ("Soppeng", "2025-07-31T16:00:00Z"),
        ("Parepare", "2025-08-20T10:00:00+08:00"),
    ];

    private static readonly string[] LaterSightings = ["2025-07-01T08:00:00+08:00", "2025-08-01T00:15:00+08:00"];

    private async Task<List<Guid>> CasesAroundMonthEnds()
    {
        var ids = new List<Guid>();
        foreach (var (regency, observedAt) in Openings)
        {
            var body = Bodies.SightingJson().With("observedAt", observedAt).With("location.regency", regency);
            ids.Add((await Host.Post(Users.Investigator, "/api/cases", body).Expect(201)).Json.GetProperty("id").GetGuid());
        }

        foreach (var observedAt in LaterSightings)
            await Host.AddSighting(ids[0], JsonSerializer.SerializeToNode(Bodies.AdditionalSighting(), Bodies.Json)!.AsObject().With("observedAt", observedAt));
        await Host.Verify(ids[3], "overstay", nationality: "MYS");
        await Host.Decide(ids[3], Bodies.Decision("fee"));
        await Host.ProjectionsCaughtUp();
        return ids;
    }

    [Theory]
    [InlineData("2025-07-01", "2025-07-31")]
    [InlineData("2025-06-30", "2025-07-01")]
    [InlineData("2025-07-02", "2025-07-30")]
    [InlineData("2025-07-01", null)]
    [InlineData(null, "2025-07-31")]
    [InlineData("2025-07-01T00:00:00+08:00", "2025-07-31T23:59:59+08:00")]
    [InlineData("2025-06-30T23:59:59+08:00", "2025-08-01T00:15:00+08:00")]
    [InlineData("2025-06-30T16:00:00Z", "2025-07-31T16:00:00Z")]
    [InlineData("2025-07-31T23:00:00+08:00", "2025-08-01")]
    [InlineData("2025-07-15T10:00:00+08:00", "2025-07-15T10:00:00+08:00")]
    [InlineData("2025-08-01T00:10:00+08:00", "2025-07-01")]
    public async Task a_period_that_cuts_days_and_months_counts_each_case_in_its_first_sighting_and_each_sighting_in_its_own(string? from, string? to)
    {
        await CasesAroundMonthEnds();

        var query = string.Join("&", new[] { ("from", from), ("to", to) }.Where(p => p.Item2 is not null)
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
        var stats = (await Host.Get(Users.Auditor, $"/api/statistics?{query}").Expect(200)).Json;

        var start = from is null ? DateTimeOffset.MinValue : Bound(from, endOfDay: false);
        var end = to is null ? DateTimeOffset.MaxValue : Bound(to, endOfDay: true);
        bool Within(string time) => DateTimeOffset.Parse(time, CultureInfo.InvariantCulture) is var t && t >= start && t <= end;
        var opened = Openings.Where(o => Within(o.ObservedAt)).ToList();
        var sightings = Openings.Select(o => o.ObservedAt).Concat(LaterSightings).Count(Within);

        stats.GetProperty("cases").GetInt64().Should().Be(opened.Count);
        stats.GetProperty("sightings").GetInt64().Should().Be(sightings);
        Counts(stats, "byRegency").Should().BeEquivalentTo(opened.GroupBy(o => o.Regency).ToDictionary(g => g.Key, g => (long)g.Count()));
        Counts(stats, "byMonth").Should().BeEquivalentTo(opened.GroupBy(o => o.ObservedAt[..7]).ToDictionary(g => g.Key, g => (long)g.Count()),
            "the month is the first sighting's, in the offset it was reported in");
        var verifiedInPeriod = opened.Contains(Openings[3]);
        Counts(stats, "byFinding").Should().BeEquivalentTo(verifiedInPeriod ? new Dictionary<string, long> { ["overstay"] = 1 } : []);
        Counts(stats, "byActionType").Should().BeEquivalentTo(verifiedInPeriod ? new Dictionary<string, long> { ["fee"] = 1 } : []);
    }

    [Fact]
    public async Task a_regency_is_matched_whatever_its_case_and_its_spellings_are_listed_as_reported()
    {
        await CasesAroundMonthEnds();

        var soppeng = (await Host.Get(Users.Auditor, "/api/statistics?regency=SOPPENG&from=2025-07-01&to=2025-07-31").Expect(200)).Json;

        soppeng.GetProperty("cases").GetInt64().Should().Be(2);
        Counts(soppeng, "byRegency").Should().BeEquivalentTo(new Dictionary<string, long> { ["Soppeng"] = 1, ["soppeng"] = 1 });
        soppeng.GetProperty("sightings").GetInt64().Should().Be(3, "the later sighting of 1 July belongs to a case first seen in June");
        var barru = (await Host.Get(Users.Auditor, "/api/statistics?regency=%20barru%20").Expect(200)).Json;
        Counts(barru, "byRegency").Should().BeEquivalentTo(new Dictionary<string, long> { ["Barru"] = 2 });
        Counts(barru, "byNationality").Should().BeEquivalentTo(new Dictionary<string, long> { ["CHN"] = 1, ["MYS"] = 1 });
    }

    [Fact]
    public async Task a_verification_moves_its_case_from_the_reported_nationality_and_finding_to_the_verified_ones()
    {
        var id = await Host.OpenCase(nationality: "CHN");
        await Host.OpenCase(nationality: "CHN");
        await Host.ProjectionsCaughtUp();
        Counts(await Statistics(), "byNationality").Should().BeEquivalentTo(new Dictionary<string, long> { ["CHN"] = 2 });

        await Host.Verify(id, "overstay", nationality: "VNM");
        await Host.Decide(id, Bodies.Decision("detention"));
        await Host.ProjectionsCaughtUp();
        var verified = await Statistics();
        Counts(verified, "byNationality").Should().BeEquivalentTo(new Dictionary<string, long> { ["CHN"] = 1, ["VNM"] = 1 });
        Counts(verified, "byFinding").Should().BeEquivalentTo(new Dictionary<string, long> { ["overstay"] = 1 });

        await Host.Verify(id, "permitMisuse", nationality: "LAO");
        await Host.ProjectionsCaughtUp();
        var again = await Statistics();
        Counts(again, "byNationality").Should().BeEquivalentTo(new Dictionary<string, long> { ["CHN"] = 1, ["LAO"] = 1 });
        Counts(again, "byFinding").Should().BeEquivalentTo(new Dictionary<string, long> { ["permitMisuse"] = 1 });
        Counts(again, "byActionType").Should().BeEquivalentTo(new Dictionary<string, long> { ["detention"] = 1 });

        var monitor = (await Host.Get(Users.Auditor, "/api/statistics/outcomes-by-nationality").Expect(200)).Json;
        var rows = monitor.GetProperty("nationalities").EnumerateArray().ToList();
        rows.Select(n => n.GetProperty("nationality").GetString()).Should().Equal("LAO");
        rows[0].GetProperty("verifiedCases").GetInt64().Should().Be(1);
        rows[0].GetProperty("removedOrDetainedCases").GetInt64().Should().Be(1);
        rows[0].GetProperty("actionsByType").GetProperty("detention").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task a_rebuilt_read_model_gives_the_same_statistics_and_the_events_replayed_over_it_count_nothing_twice()
    {
        var ids = await CasesAroundMonthEnds();
        await Host.Verify(ids[0], "overstay", nationality: "MYS");
        await Host.Decide(ids[0], Bodies.Decision("deportation"));
        await Host.ProjectionsCaughtUp();
        var live = await EveryView();

        var daemon = Host.Services.GetRequiredService<ProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync("CaseFacts", TimeSpan.FromSeconds(60), CancellationToken.None);
        await Host.ProjectionsCaughtUp();
        (await EveryView()).Should().Equal(live);

        // The daemon applying every event again over the documents it already wrote, as after a lost progress mark.
        await daemon.RewindSubscriptionAsync("CaseFacts", CancellationToken.None, sequenceFloor: 0);
        await Host.ProjectionsCaughtUp();
        (await EveryView()).Should().Equal(live);
    }

    [Fact]
    public async Task folding_the_appended_changes_into_the_counters_changes_no_figure()
    {
        await CasesAroundMonthEnds();
        var before = await EveryView();

        await StatisticsRollups.FoldAsync(Fixture.Store, CancellationToken.None);

        (await Scalar($"select count(*) from {Fixture.Store.Options.DatabaseSchemaName}.{StatisticsRollups.ChangesTable}")).Should().Be(0);
        (await Scalar($"select count(*) from {Fixture.Store.Options.DatabaseSchemaName}.{StatisticsRollups.TableName}")).Should().BePositive();
        (await EveryView()).Should().Equal(before);
    }

    [Fact]
    public async Task a_backlog_of_changes_larger_than_one_fold_is_moved_in_steps_and_counted_once()
    {
        var schema = Fixture.Store.Options.DatabaseSchemaName;
        const int backlog = StatisticsRollups.FoldBatch * 2 + 7;
        // A regency no case has, so the figures of the other tests stay as they are.
        await Scalar($"""
            with added as (
                insert into {schema}.{StatisticsRollups.ChangesTable} (kind, starts, regency, dimension, key, count)
                select 'month', date '2025-01-01', 'backlog', 'cases', '', 1 from generate_series(1, {backlog})
                returning 1)
            select count(*) from added
            """);

        var moved = await StatisticsRollups.FoldAsync(Fixture.Store, CancellationToken.None);

        moved.Should().BeGreaterThanOrEqualTo(backlog);
        (await Scalar($"select count(*) from {schema}.{StatisticsRollups.ChangesTable} where regency = 'backlog'")).Should().Be(0);
        (await Scalar($"select count from {schema}.{StatisticsRollups.TableName} where regency = 'backlog'")).Should().Be(backlog);
        await Scalar($"with gone as (delete from {schema}.{StatisticsRollups.TableName} where regency = 'backlog' returning 1) select count(*) from gone");
    }

    [Fact]
    public async Task the_counters_schema_matches_the_configuration_after_start_up()
    {
        await Fixture.Store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }

    private async Task<long> Scalar(string sql)
    {
        await using var connection = (NpgsqlConnection)Fixture.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<JsonElement> Statistics(string query = "") =>
        (await Host.Get(Users.Auditor, $"/api/statistics{query}").Expect(200)).Json;

    private async Task<List<string>> EveryView() =>
    [
        (await Statistics()).GetRawText(),
        (await Statistics("?from=2025-07-01&to=2025-07-31&regency=soppeng")).GetRawText(),
        (await Statistics("?from=2025-06-30T23:59:59%2B08:00&to=2025-08-01T00:15:00%2B08:00")).GetRawText(),
        (await Host.Get(Users.Auditor, "/api/statistics/outcomes-by-nationality").Expect(200)).Json.GetRawText(),
    ];

    /// <summary>The first and the last instant a <c>from</c> or <c>to</c> takes in: a date is a whole office day (UTC+8).</summary>
    private static DateTimeOffset Bound(string value, bool endOfDay) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).AddDays(endOfDay ? 1 : 0).AddTicks(endOfDay ? -1 : 0)
            : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);

    private static Dictionary<string, long> Counts(JsonElement stats, string dimension) =>
        stats.GetProperty(dimension).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
}
