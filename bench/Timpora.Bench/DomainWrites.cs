using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http;
using Timpora.Api.Cases.Opening;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;

namespace Timpora.Bench;

/// <summary>
/// B1: opening a case in-process, N writers, against the same database as B0 — the application's own cost of a write
/// without HTTP, JSON or a second process. Two variants, so the step from B0 is visible piece by piece:
/// <list type="bullet">
/// <item>B1a, decide + append: <c>CaseDecisions.Decide(new ReportSighting(...))</c>, then a lightweight session with the
/// actor headers starts the stream and saves (Marten's append, the inline <c>Case</c> snapshot, the integrity seal).</item>
/// <item>B1b, the endpoint's work: the request read into a command, the case number, the decision and the append, called with a request context that carries
/// the token's claims — validation, the case-number allocation (its own transaction), the decision and the append:
/// everything <c>POST /api/cases</c> does once ASP.NET Core and Wolverine have bound the request.</item>
/// </list>
/// </summary>
public static class DomainWrites
{
    /// <summary>Numbers far above what the allocator hands out in a run, so B1a's cases never collide with real ones.</summary>
    private const long NumberOffset = 50_000_000;

    private static long _openedDirectly;

    public static async Task Run(Bench bench)
    {
        await bench.Settle("B1");
        var settings = bench.Settings;
        var cpu = new CpuMeter(null);
        var a = await DecideAndAppend(bench);
        bench.Cpu.Add(("B1a decide + append", cpu.Stop(), a.Throughput));
        cpu = new CpuMeter(null);
        var b = await EndpointMethod(bench);
        bench.Cpu.Add(("B1b endpoint method in-process", cpu.Stop(), b.Throughput));
        bench.Facts["b1a"] = a.Throughput;
        bench.Facts["b1b"] = b.Throughput;

        foreach (var (label, result) in new[] { ("B1a decide + append", a), ("B1b endpoint method in-process", b) })
            bench.Report.Summary($"{label}, {settings.Connections} writers",
                $"{Report.N(result.Throughput)} cases/s, p50 {Report.Ms(result.Latency.PercentileMs(50))} ms, p99 {Report.Ms(result.Latency.PercentileMs(99))} ms",
                result.Throughput);

        bench.Report.Section("B1", "opening a case in-process (domain + Marten)", $"""
            {settings.Connections} writers in the benchmark process, closed loop, Marten configured by `CasesStore.ConfigureCases`
            exactly as in the API (same integrity key scheme), lightweight sessions, {settings.Warmup.TotalSeconds:N0} s warm-up then
            {settings.Duration.TotalSeconds:N0} s measured. Each case opened is one `SightingReported` event in a new stream.

            | variant | what one operation is | cases/s | ÷ B0 | p50 ms | p99 ms | failed |
            |---|---|---|---|---|---|---|
            | B1a | decision + `StartStream` + `SaveChangesAsync` (append, inline `Case` snapshot, seal) | {Report.N(a.Throughput)} | {bench.Report.RatioToB0(a.Throughput)} | {Report.Ms(a.Latency.PercentileMs(50))} | {Report.Ms(a.Latency.PercentileMs(99))} | {a.Failed} |
            | B1b | the opening's own work: `ReportSightingRequest.ToOpening` (validation), case-number allocation, decision, append | {Report.N(b.Throughput)} | {bench.Report.RatioToB0(b.Throughput)} | {Report.Ms(b.Latency.PercentileMs(50))} | {Report.Ms(b.Latency.PercentileMs(99))} | {b.Failed} |

            {((a.FirstError ?? b.FirstError) is { } error ? $"First failure: `{error}`" : "")}
            """);
    }

    private static async Task<LoadResult> DecideAndAppend(Bench bench)
    {
        var settings = bench.Settings;
        using var phase = bench.Ui.Start("B1a decide + append", settings.Warmup + settings.Duration + TimeSpan.FromSeconds(1));
        return await Load.Closed(settings.Connections, settings.Warmup, settings.Duration, async (_, cancellation) =>
        {
            await OpenDirectly(bench, cancellation);
            return true;
        }, phase.Status);
    }

    /// <summary>One case opened through the decision and a Marten append, as B1a and B3 do it.</summary>
    public static async Task<Guid> OpenDirectly(Bench bench, CancellationToken cancellation, IDocumentStore? store = null)
    {
        var n = Interlocked.Increment(ref _openedDirectly);
        var now = bench.Clock.Now;
        var sighting = Samples.Sighting(n, now);
        var caseId = Guid.CreateVersion7();
        var number = CaseNumbers.Format(sighting.Location.Regency, now.Year, NumberOffset + n);
        var decision = (Decision.Accepted)CaseDecisions.Decide(new ReportSighting(caseId, number, sighting, Bench.Reporter), now);
        await using var session = (store ?? bench.Store).LightweightSession();
        session.RecordActor(Bench.Reporter, Guid.CreateVersion7().ToString());
        session.Events.StartStream<Case>(caseId, decision.Events);
        await session.SaveChangesAsync(cancellation);
        return caseId;
    }

    private static async Task<LoadResult> EndpointMethod(Bench bench)
    {
        var settings = bench.Settings;
        using var phase = bench.Ui.Start("B1b endpoint method in-process", settings.Warmup + settings.Duration + TimeSpan.FromSeconds(1));
        var requests = Requests(bench, 1000);
        var numbers = new CaseNumberAllocator(bench.Store);
        long counter = 0;
        return await Load.Closed(settings.Connections, settings.Warmup, settings.Duration, async (_, cancellation) =>
        {
            var n = Interlocked.Increment(ref counter);
            return await OpenAsTheEndpointDoes(bench, bench.Store, numbers, requests[n % requests.Length], cancellation) != Guid.Empty;
        }, phase.Status);
    }

    /// <summary>
    /// The work of the opening endpoint without HTTP and the Wolverine outbox: the request read into a command (validation),
    /// the case number from the node's block, the decision and the append.
    /// </summary>
    public static async Task<Guid> OpenAsTheEndpointDoes(Bench bench, IDocumentStore store, CaseNumberAllocator numbers, ReportSightingRequest request,
        CancellationToken cancellation)
    {
        var now = bench.Clock.Now;
        if (!request.ToOpening(new Issued(Bench.Reporter, now)).TryGet(out var opening, out _)) return Guid.Empty;
        var number = await numbers.NextAsync(opening.Sighting.Location.Regency, now.Year, cancellation);
        var decision = (Decision.Accepted)CaseDecisions.Decide(new ReportSighting(opening.CaseId, number, opening.Sighting, Bench.Reporter), now);
        await using var session = store.LightweightSession();
        session.RecordActor(Bench.Reporter, Guid.CreateVersion7().ToString());
        session.Events.StartStream<Case>(opening.CaseId, decision.Events);
        await session.SaveChangesAsync(cancellation);
        return opening.CaseId;
    }

    /// <summary>Requests as the HTTP layer would have bound them from <see cref="Samples.OpenCaseBody"/>.</summary>
    public static ReportSightingRequest[] Requests(Bench bench, int count, bool withId = false) =>
        Enumerable.Range(0, count)
            .Select(i => JsonSerializer.Deserialize<ReportSightingRequest>(Samples.OpenCaseBody(i, bench.Clock.Now, withId ? Guid.CreateVersion7() : null), Samples.Json)!)
            .ToArray();
}
