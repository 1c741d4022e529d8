using Marten;
using Microsoft.Extensions.DependencyInjection;
using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests.ReadModels;

/// <summary>
/// The indexes the lists rely on exist as PostgreSQL has them: a list over every case walks an index over every case,
/// and the partial ones (an agency's cases, an assignee's open cases) stand beside those rather than replacing them.
/// </summary>
public sealed class CaseIndexTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task the_lists_orders_are_indexed_over_every_case_and_each_agency_and_queue_has_its_own_partial_index()
    {
        var indexes = await IndexesOf("mt_doc_case");

        indexes.Should().Contain(index => index.EndsWith("USING btree (opened_at_utc, id)", StringComparison.Ordinal), "the newest-first list of every case");
        indexes.Should().Contain(index => index.EndsWith("USING btree (assigned_to, opened_at_utc, id) INCLUDE (indexed_status)", StringComparison.Ordinal),
            "an assignee's cases, whatever their status");
        indexes.Should().ContainSingle(index => index.Contains("(assigned_to, opened_at_utc, id) WHERE", StringComparison.Ordinal), "the queue of open cases");
        foreach (var agency in Agencies.All)
            indexes.Should().ContainSingle(index => index.EndsWith($"(opened_at_utc, id) WHERE (referred_agencies @> ARRAY['{agency}'::text])", StringComparison.Ordinal));
    }

    private async Task<List<string>> IndexesOf(string table)
    {
        await using var session = Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var definitions = await session.AdvancedSql.QueryAsync<string>(
            "select indexdef from pg_indexes where schemaname = 'timpora' and tablename = ?", CancellationToken.None, table);
        return [.. definitions];
    }
}
