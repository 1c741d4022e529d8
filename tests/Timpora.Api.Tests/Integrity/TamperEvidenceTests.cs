using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Timpora.Api.Tests.Support;
using Timpora.Cases.Integrity;

namespace Timpora.Api.Tests.Integrity;

/// <summary>Someone with direct database access changes, removes or reorders events; the seals tell.</summary>
public sealed class TamperEvidenceTests(AppFixture fixture) : IntegrationContext(fixture)
{
    /// <summary>A case with five events: reported, assigned, verified, a note, closed.</summary>
    private async Task<Guid> CaseWithHistory()
    {
        var id = await Host.OpenCase();
        await Host.Assign(id, "inv-andi");
        await Host.Verify(id);
        await Host.AddNote(id, "Seen leaving the site.");
        await Host.Close(id);
        return id;
    }

    private async Task Sql(string sql, Guid id)
    {
        await using var connection = (NpgsqlConnection)Host.Services.GetRequiredService<IDocumentStore>().Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        (await command.ExecuteNonQueryAsync()).Should().BeGreaterThan(0, "the tampering statement must hit rows: {0}", sql);
    }

    private async Task<System.Text.Json.JsonElement> Integrity(Guid id, User? user = null) =>
        (await Host.Get(user ?? Users.Auditor, $"/api/cases/{id}/integrity").Expect(200)).Json;

    [Fact]
    public async Task an_untouched_history_verifies_with_its_head_hash()
    {
        var id = await CaseWithHistory();

        var report = await Integrity(id);

        report.GetProperty("valid").GetBoolean().Should().BeTrue();
        report.GetProperty("events").GetInt32().Should().Be(5);
        report.GetProperty("headHash").GetString().Should().MatchRegex("^[0-9a-f]{64}$");
        report.GetProperty("firstInvalidVersion").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);

        var stream = await Host.Stream(id);
        stream.Should().OnlyContain(e => e.Headers!.ContainsKey(Seal.Header) && e.Headers.ContainsKey(Seal.KeyHeader));
        stream[^1].Headers![Seal.Header].ToString().Should().Be(report.GetProperty("headHash").GetString());
    }

    [Fact]
    public async Task changed_event_data_is_detected_at_its_version()
    {
        var id = await CaseWithHistory();

        await Sql($"update timpora.mt_events set data = jsonb_set(data, '{{finding}}', '\"compliant\"') where stream_id = @id and version = 3", id);

        var report = await Integrity(id);
        report.GetProperty("valid").GetBoolean().Should().BeFalse();
        report.GetProperty("firstInvalidVersion").GetInt64().Should().Be(3);
    }

    [Fact]
    public async Task a_change_of_actor_or_time_is_detected()
    {
        var id = await CaseWithHistory();
        await Sql("update timpora.mt_events set headers = jsonb_set(headers, '{userId}', '\"someone-else\"') where stream_id = @id and version = 2", id);
        (await Integrity(id)).GetProperty("firstInvalidVersion").GetInt64().Should().Be(2);

        var other = await CaseWithHistory();
        await Sql("update timpora.mt_events set timestamp = timestamp - interval '1 day' where stream_id = @id and version = 4", other);
        (await Integrity(other)).GetProperty("firstInvalidVersion").GetInt64().Should().Be(4);
    }

    [Fact]
    public async Task a_removed_event_is_detected_where_it_was()
    {
        var id = await CaseWithHistory();

        await Sql("delete from timpora.mt_events where stream_id = @id and version = 3", id);

        var report = await Integrity(id);
        report.GetProperty("valid").GetBoolean().Should().BeFalse();
        report.GetProperty("firstInvalidVersion").GetInt64().Should().Be(3);
    }

    [Fact]
    public async Task removing_and_renumbering_events_is_still_detected()
    {
        var id = await CaseWithHistory();

        await Sql("delete from timpora.mt_events where stream_id = @id and version = 2", id);
        await Sql("update timpora.mt_events set version = version - 1 where stream_id = @id and version > 2", id);
        await Sql("update timpora.mt_streams set version = 4 where id = @id", id);

        (await Integrity(id)).GetProperty("firstInvalidVersion").GetInt64().Should().Be(2);
    }

    [Fact]
    public async Task the_last_event_cut_off_is_detected_from_the_stream_record()
    {
        var id = await CaseWithHistory();

        await Sql("delete from timpora.mt_events where stream_id = @id and version = 5", id);

        var report = await Integrity(id);
        report.GetProperty("valid").GetBoolean().Should().BeFalse();
        report.GetProperty("firstInvalidVersion").GetInt64().Should().Be(5);
    }

    [Fact]
    public async Task reordered_events_are_detected()
    {
        var id = await CaseWithHistory();

        // Swap what events 2 and 4 say and who said it, keeping each row's seal where it was.
        await Sql("""
            update timpora.mt_events e set data = o.data, type = o.type, mt_dotnet_type = o.mt_dotnet_type
            from timpora.mt_events o
            where e.stream_id = @id and o.stream_id = @id
              and ((e.version = 2 and o.version = 4) or (e.version = 4 and o.version = 2))
            """, id);

        (await Integrity(id)).GetProperty("firstInvalidVersion").GetInt64().Should().Be(2);
    }

    [Fact]
    public async Task verifying_every_history_names_exactly_the_tampered_cases()
    {
        var intact = await CaseWithHistory();
        var tampered = await CaseWithHistory();
        await Sql("update timpora.mt_events set data = jsonb_set(data, '{text}', '\"nothing to see\"') where stream_id = @id and version = 4", tampered);

        var reports = await Host.Services.GetRequiredService<IntegrityVerifier>().VerifyAllAsync(null, CancellationToken.None);

        reports.Should().HaveCount(2);
        reports.Single(r => r.StreamId == intact).Valid.Should().BeTrue();
        var broken = reports.Single(r => r.StreamId == tampered);
        broken.Valid.Should().BeFalse();
        broken.FirstInvalidVersion.Should().Be(4);
    }

    [Fact]
    public async Task only_investigators_supervisors_and_auditors_verify_and_an_unknown_case_is_404()
    {
        var id = await Host.OpenCase(by: Users.Reporter);

        (await Integrity(id, Users.Investigator)).GetProperty("valid").GetBoolean().Should().BeTrue();
        (await Integrity(id, Users.Supervisor)).GetProperty("valid").GetBoolean().Should().BeTrue();
        await Host.Get(Users.Reporter, $"/api/cases/{id}/integrity").Expect(403);
        await Host.Get(Users.ManpowerOfficer, $"/api/cases/{id}/integrity").Expect(403);
        await Host.Get(Users.Auditor, $"/api/cases/{Guid.NewGuid()}/integrity").Expect(404);
    }
}
