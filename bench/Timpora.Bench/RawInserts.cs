using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Timpora.Cases;
using Timpora.Cases.Deciding;

namespace Timpora.Bench;

/// <summary>
/// B0, the floor every other figure is compared with: what this PostgreSQL does with one event-sized JSON row per
/// transaction, N connections, nothing in between. Each INSERT is its own transaction (autocommit), so each one waits for
/// its WAL flush (fsync and synchronous_commit on) — exactly what every acknowledged write of the API must also wait for.
/// </summary>
public static class RawInserts
{
    public static async Task<LoadResult> Run(Bench bench)
    {
        var settings = bench.Settings;
        using var phase = bench.Ui.Start("B0 raw INSERT", settings.Warmup + settings.Duration + TimeSpan.FromSeconds(2));

        // The same shape as Marten's mt_events (its columns, primary key and unique (stream, version)), so the row, the
        // index maintenance and the WAL written per insert are those of a real event.
        await using (var setup = bench.Database.CreateCommand("""
            create schema if not exists bench;
            drop table if exists bench.raw_events;
            create table bench.raw_events (
                seq_id bigserial primary key, id uuid not null, stream_id uuid not null, version bigint not null,
                data jsonb not null, type varchar not null, timestamp timestamptz not null default now(), tenant_id varchar default '*DEFAULT*',
                mt_dotnet_type varchar, correlation_id varchar, causation_id varchar, headers jsonb, is_archived bool default false,
                unique (stream_id, version));
            """))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var (data, headers) = RealEvent(bench);
        var (result, cpu) = await Measure(bench, data, headers, phase.Status);
        bench.Cpu.Add(("B0 raw INSERT", cpu, result.Throughput));

        bench.Report.B0 = result.Throughput;
        bench.Facts["b0"] = result.Throughput;
        bench.Report.Summary($"B0 raw INSERT, {settings.Connections} connections",
            $"{Report.N(result.Throughput)} rows/s, p50 {Report.Ms(result.Latency.PercentileMs(50))} ms, p99 {Report.Ms(result.Latency.PercentileMs(99))} ms",
            result.Throughput);
        bench.Report.Section("B0", "raw INSERT (the floor)", $"""
            One row of {data.Length + headers.Length:N0} bytes of JSON (a real `SightingReported` as Marten stores it, with the
            actor and seal headers) per transaction, autocommit, into a table shaped like `mt_events` (same columns, primary
            key, unique stream/version). {settings.Connections} connections, each inserting as soon as the previous insert
            was acknowledged (closed loop), {settings.Warmup.TotalSeconds:N0} s warm-up then {settings.Duration.TotalSeconds:N0} s measured.

            | connections | rows/s | p50 ms | p99 ms | max ms | failed |
            |---|---|---|---|---|---|
            | {settings.Connections} | {Report.N(result.Throughput)} | {Report.Ms(result.Latency.PercentileMs(50))} | {Report.Ms(result.Latency.PercentileMs(99))} | {Report.Ms(result.Latency.MaxMs())} | {result.Failed} |
            """);
        return result;
    }

    /// <summary>
    /// The load itself, into <c>bench.raw_events</c> as it is: N connections, each inserting <paramref name="data"/> and
    /// <paramref name="headers"/> as one new row per transaction, the configured warm-up then the measured window.
    /// </summary>
    public static async Task<(LoadResult Result, CpuMeter.Usage Cpu)> Measure(Bench bench, string data, string headers, Action<string> progress,
        Action? measuring = null)
    {
        var settings = bench.Settings;
        var connections = new NpgsqlConnection[settings.Connections];
        for (var i = 0; i < connections.Length; i++) connections[i] = await bench.Database.OpenConnectionAsync();
        try
        {
            var cpu = new CpuMeter(null);
            var result = await Load.Closed(settings.Connections, settings.Warmup, settings.Duration, async (op, cancellation) =>
            {
                await using var insert = new NpgsqlCommand(
                    "insert into bench.raw_events (id, stream_id, version, data, type, mt_dotnet_type, correlation_id, headers) values ($1, $2, 1, $3, 'sighting_reported', 'Timpora.Cases.SightingReported, Timpora.Cases', $4, $5)",
                    connections[op.Worker]);
                insert.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
                insert.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
                insert.Parameters.Add(new NpgsqlParameter { Value = data, NpgsqlDbType = NpgsqlDbType.Jsonb });
                insert.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid().ToString() });
                insert.Parameters.Add(new NpgsqlParameter { Value = headers, NpgsqlDbType = NpgsqlDbType.Jsonb });
                return await insert.ExecuteNonQueryAsync(cancellation) == 1;
            }, progress, measuring);
            return (result, cpu.Stop());
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    /// <summary>The JSON of a real opening event and of the headers it is stored with.</summary>
    public static (string Data, string Headers) RealEvent(Bench bench)
    {
        var now = bench.Clock.Now;
        var decision = (Decision.Accepted)CaseDecisions.Decide(
            new ReportSighting(Guid.CreateVersion7(), "SOPPENG-2026-000042", Samples.Sighting(1, now), Bench.Reporter), now);
        var data = bench.Store.Options.Serializer().ToJson(decision.Events[0]);
        var headers = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            [CasesStore.Headers.UserId] = Bench.Reporter.UserId,
            [CasesStore.Headers.Name] = Bench.Reporter.Name,
            [CasesStore.Headers.Agency] = Bench.Reporter.Agency,
            [CasesStore.Headers.Role] = Bench.Reporter.Role,
            ["seal"] = new string('a', 64),
            ["sealKey"] = "bench",
        });
        return (data, headers);
    }
}
