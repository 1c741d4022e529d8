using Marten;
using Microsoft.Extensions.DependencyInjection;
using Timpora.Api.Tests.Support;
using Timpora.Cases.ForeignNationals;
using Timpora.Cases.Listing;
using Timpora.Cases.Reviews;
using Timpora.Cases.Statistics;
using Timpora.Cases.Workload;
using ProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Timpora.Api.Tests.ReadModels;

public sealed class RebuildTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task rebuilding_every_read_model_gives_exactly_the_views_live_processing_gave()
    {
        var today = DateOnly.FromDateTime(Fixture.Clock.GetUtcNow().UtcDateTime);
        for (var i = 0; i < 3; i++)
        {
            var id = await Host.OpenCase(regency: i % 2 == 0 ? "Soppeng" : "Sidrap", passportNumber: null);
            await Host.Verify(id, passportNumber: $"E10{i}");
            await Host.AnswerReferral(id, await Host.Refer(id, "DISNAKER", dueBy: today.AddDays(i - 1)), i == 0 ? "declined" : "answered");
            await Host.Refer(id, "POLRI", dueBy: today.AddDays(5));
            var decision = await Host.Decide(id, Bodies.Decision("fee"));
            if (i > 0) await Host.Review(id, decision, i == 1 ? "compliant" : "needsInformation");
            await Host.AddSighting(id, Bodies.Sighting());
        }

        await Host.ProjectionsCaughtUp();
        var live = await Views();

        var daemon = Host.Services.GetRequiredService<ProjectionCoordinator>().DaemonForMainDatabase();
        foreach (var projection in new[] { "AgencyReferral", "ReferralTally", "CaseFacts", "ForeignNationalProfile", "DecisionUnderReview" })
            await daemon.RebuildProjectionAsync(projection, TimeSpan.FromSeconds(60), CancellationToken.None);
        await Host.ProjectionsCaughtUp();

        var rebuilt = await Views();
        rebuilt.Should().BeEquivalentTo(live, options => options.WithStrictOrdering());
        live.Values.Should().OnlyContain(documents => documents.Count > 0);
    }

    [Fact]
    public async Task rebuilding_the_case_summaries_keeps_every_case_findable_by_its_search_terms_and_its_reporter()
    {
        for (var i = 0; i < 3; i++)
        {
            var id = await Host.OpenCase(by: Users.Reporter, name: $"Li Wei{i}", passportNumber: null);
            await Host.Verify(id, fullName: $"Li Wei{i} Chen", passportNumber: $"E20{i}");
        }

        var before = (Terms: await Keys(OrderedCaseKeys.SearchTerms), Reporters: await Keys(OrderedCaseKeys.Reporters));
        // Lost keys, as after a failed restore: the rebuild writes every case again, and with it its keys.
        await using (var session = Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            foreach (var keys in new[] { OrderedCaseKeys.SearchTerms, OrderedCaseKeys.Reporters })
                session.QueueSqlCommand($"delete from {session.DocumentStore.Options.DatabaseSchemaName}.{keys.TableName}");
            await session.SaveChangesAsync();
        }

        (await Keys(OrderedCaseKeys.SearchTerms)).Should().BeEmpty();
        var daemon = Host.Services.GetRequiredService<ProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync("Case", TimeSpan.FromSeconds(60), CancellationToken.None);

        (await Keys(OrderedCaseKeys.SearchTerms)).Should().Equal(before.Terms);
        (await Keys(OrderedCaseKeys.Reporters)).Should().Equal(before.Reporters);
        before.Terms.Should().Contain(["chen", "e200", "wei0"]);
        before.Reporters.Should().Contain(Users.Reporter.UserId);
    }

    private async Task<List<string>> Keys(OrderedCaseKeys keys)
    {
        await using var session = Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var rows = await session.AdvancedSql.QueryAsync<string>(
            $"select key || ' ' || id from {session.DocumentStore.Options.DatabaseSchemaName}.{keys.TableName} order by 1",
            CancellationToken.None);
        return [.. rows.Select(row => row.Split(' ')[0])];
    }

    [Fact]
    public async Task the_database_matches_the_configuration_after_start_up_so_no_index_is_rebuilt_at_the_next()
    {
        var store = Host.Services.GetRequiredService<IDocumentStore>();

        await store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }

    private async Task<Dictionary<string, IReadOnlyList<string>>> Views() => new()
    {
        ["workload"] = await Host.StoredDocuments<AgencyReferral>(),
        ["tallies"] = await Host.StoredDocuments<ReferralTally>(),
        ["statistics"] = await Host.StoredDocuments<CaseFacts>(),
        ["profiles"] = await Host.StoredDocuments<ForeignNationalProfile>(),
        ["reviews"] = await Host.StoredDocuments<DecisionUnderReview>(),
    };
}
