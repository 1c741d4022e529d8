using Marten;
using Microsoft.Extensions.DependencyInjection;
using Timpora.Api.Tests.Support;
using Timpora.Cases;
using ProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Timpora.Api.Tests.Safeguards;

/// <summary>The non-discrimination monitor, summed by the async daemon from the case facts of many cases.</summary>
public sealed class OutcomeMonitorTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly DateTimeOffset Seen = new(2025, 7, 9, 8, 30, 0, TimeSpan.FromHours(8));
    private int _cases;

    /// <summary>
    /// Cases written straight to the event store, as the HTTP endpoints would have written them: the monitor needs
    /// dozens, and how each was decided is tested elsewhere.
    /// </summary>
    private async Task Cases(string nationality, int verified, int deported, int detained = 0, int unverified = 0)
    {
        await using var session = Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        for (var i = 0; i < verified + unverified; i++)
        {
            var id = Guid.CreateVersion7();
            var number = ++_cases;
            var events = new List<object>
            {
                new SightingReported(id, $"MONITOR-2025-{number:D6}", Seen, new Location(null, "Soppeng", null, null, null, null),
                    new SubjectDescription(null, nationality, null, Sex.Male, 30, null), null, ReportingChannel.FieldTeam, Seen, "rep-1"),
            };
            if (i < verified)
            {
                events.Add(new IdentityVerified(id, new VerifiedIdentity($"Person {number}", nationality, $"P{number}", null, Sex.Male),
                    new StayPermit(StayPermitType.Visit, null, null, null), VerificationFinding.PermitMisuse, 0, false, null, Seen, "inv-1"));
                var type = i < deported ? ActionType.Deportation : i < deported + detained ? ActionType.Detention : ActionType.Warning;
                events.Add(new AdministrativeActionDecided(id, Guid.CreateVersion7(), type, ["UU 6/2011 Pasal 75"], "W23-1", Seen, "facts",
                    Timpora.Cases.Safeguards.None, null, null, Seen, "inv-1"));
                if (type == ActionType.Detention)
                    events.Add(new AdministrativeActionDecided(id, Guid.CreateVersion7(), ActionType.Deportation, ["UU 6/2011 Pasal 75"], "W23-2",
                        Seen, "facts", Timpora.Cases.Safeguards.None, null, null, Seen, "inv-1"));
            }

            session.Events.StartStream<Case>(id, events);
        }

        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task a_nationality_removed_or_detained_more_than_twice_as_often_as_all_with_twenty_verified_cases_is_flagged()
    {
        await Cases("AFG", verified: 20, deported: 6, detained: 4, unverified: 3);
        await Cases("MYS", verified: 60, deported: 2);
        await Cases("TLS", verified: 5, deported: 5);
        await Host.ProjectionsCaughtUp();

        var monitor = (await Host.Get(Users.Auditor, "/api/statistics/outcomes-by-nationality").Expect(200)).Json;

        monitor.GetProperty("verifiedCases").GetInt64().Should().Be(85);
        monitor.GetProperty("removedOrDetainedCases").GetInt64().Should().Be(17);
        monitor.GetProperty("overallRate").GetDouble().Should().BeApproximately(0.2, 1e-9);
        monitor.GetProperty("minimumVerifiedCases").GetInt32().Should().Be(20);
        var rows = monitor.GetProperty("nationalities").EnumerateArray().ToDictionary(n => n.GetProperty("nationality").GetString()!);

        var afghans = rows["AFG"];
        afghans.GetProperty("verifiedCases").GetInt64().Should().Be(20, "cases not yet verified are not counted");
        afghans.GetProperty("removedOrDetainedCases").GetInt64().Should().Be(10, "a person detained and then deported is one case");
        afghans.GetProperty("removalOrDetentionRate").GetDouble().Should().Be(0.5);
        afghans.GetProperty("actionsByType").GetProperty("deportation").GetInt64().Should().Be(10);
        afghans.GetProperty("actionsByType").GetProperty("detention").GetInt64().Should().Be(4);
        afghans.GetProperty("actionsByType").GetProperty("warning").GetInt64().Should().Be(10);
        afghans.GetProperty("flagged").GetBoolean().Should().BeTrue();

        rows["MYS"].GetProperty("flagged").GetBoolean().Should().BeFalse();
        rows["TLS"].GetProperty("removalOrDetentionRate").GetDouble().Should().Be(1);
        rows["TLS"].GetProperty("flagged").GetBoolean().Should().BeFalse("five verified cases are too few to judge a practice");
        monitor.GetProperty("nationalities")[0].GetProperty("nationality").GetString().Should().Be("AFG");
    }

    [Fact]
    public async Task a_rebuilt_monitor_counts_every_case_once()
    {
        await Cases("AFG", verified: 3, deported: 1);
        await Host.ProjectionsCaughtUp();
        var first = (await Host.Get(Users.Auditor, "/api/statistics/outcomes-by-nationality").Expect(200)).Json;

        var daemon = Host.Services.GetRequiredService<ProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync("CaseFacts", TimeSpan.FromSeconds(60), CancellationToken.None);
        await Host.ProjectionsCaughtUp();
        var again = (await Host.Get(Users.Auditor, "/api/statistics/outcomes-by-nationality").Expect(200)).Json;

        again.GetRawText().Should().Be(first.GetRawText());
        again.GetProperty("verifiedCases").GetInt64().Should().Be(3);
    }

    [Theory]
    [InlineData("investigator")]
    [InlineData("supervisor")]
    [InlineData("agency-officer")]
    [InlineData("reporter")]
    public async Task only_auditors_read_the_monitor(string role)
    {
        var user = role switch
        {
            "investigator" => Users.Investigator,
            "supervisor" => Users.Supervisor,
            "agency-officer" => Users.ManpowerOfficer,
            _ => Users.Reporter,
        };

        (await Host.Get(user, "/api/statistics/outcomes-by-nationality").Expect(403)).ContentType.Should().StartWith("application/problem+json");
    }
}
