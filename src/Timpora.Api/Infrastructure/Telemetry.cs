using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// Metrics at <c>GET /metrics</c> (Prometheus text, no token) and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set,
/// metrics and traces to that OpenTelemetry collector. The series are those ASP.NET Core (requests per route and their
/// durations), Npgsql (database commands), Marten and Wolverine publish, and the API's own (<see cref="CasesMetrics"/>):
/// each projection's lag behind the newest event, dead letters, idempotent replays.
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";

    private static readonly string[] Meters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Npgsql", "Marten", "Wolverine", CasesMetrics.MeterName];

    private static readonly string[] Sources = ["Microsoft.AspNetCore", "Npgsql", "Marten", "Wolverine"];

    public static IServiceCollection AddCasesTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddSingleton<CasesMetrics>();
        services.AddHostedService(provider => provider.GetRequiredService<CasesMetrics>());
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("timpora-cases"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters).AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp) metrics.AddOtlpExporter();
            });
        if (otlp) telemetry.WithTracing(tracing => tracing.AddSource(Sources).AddOtlpExporter());
        return services;
    }

    public static void MapCasesMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
}

/// <summary>
/// The API's own series. The projections' lag and dead letters are read every two seconds by a background loop (the
/// same figures as readiness) while something scrapes them, so a scrape never waits on the database; the first scrape
/// after a quiet minute sees them a moment later. The meter is one per process, as its name is:
/// the figures are those of the process's running host (a test process runs several; the one whose figures were read
/// last reports).
/// </summary>
public sealed class CasesMetrics(IServiceProvider services, TimeProvider time) : BackgroundService
{
    public const string MeterName = "Timpora.Cases";

    /// <summary>How often the projection figures are read, while they are asked for.</summary>
    public static readonly TimeSpan ReadEvery = TimeSpan.FromSeconds(2);

    /// <summary>How long after the last scrape the figures are still read.</summary>
    private static readonly TimeSpan AskedFor = TimeSpan.FromMinutes(1);

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> IdempotentReplays =
        Meter.CreateCounter<long>("timpora.idempotency.replays", description: "Writes answered from their first response (Idempotency-Key repeats)");
    private static readonly List<CasesMetrics> Running = [];

    static CasesMetrics()
    {
        Meter.CreateObservableGauge("timpora.projection.lag", () => Figures("lag:"), unit: "{event}",
            description: "How many events each async projection is behind the newest");
        Meter.CreateObservableGauge("timpora.projection.dead_letters", () => Figures("deadLetters:"), unit: "{event}",
            description: "Events a projection could not apply and set aside");
    }

    private volatile IReadOnlyDictionary<string, object> _projections = new Dictionary<string, object>();
    private readonly TimeProvider _time = time;
    private long _lastAsked;

    public void IdempotentReplay() => IdempotentReplays.Add(1);

    /// <summary>Reads the projections' lag and dead letters now (the background loop does it every <see cref="ReadEvery"/>).</summary>
    public async Task RefreshAsync(CancellationToken cancellation)
    {
        var check = ActivatorUtilities.CreateInstance<ProjectionHealthCheck>(services);
        var result = await check.CheckHealthAsync(new HealthCheckContext(), cancellation);
        _projections = result.Data.ToDictionary(entry => entry.Key, entry => entry.Value);
        // The figures read last are the ones reported.
        lock (Running)
            if (Running.Remove(this)) Running.Add(this);
    }

    private static IEnumerable<Measurement<long>> Figures(string prefix)
    {
        var current = Current();
        if (current is null) return [];
        Interlocked.Exchange(ref current._lastAsked, current._time.GetTimestamp());
        return current._projections
            .Where(entry => entry.Key.StartsWith(prefix, StringComparison.Ordinal) && entry.Value is long)
            .Select(entry => new Measurement<long>((long)entry.Value, new KeyValuePair<string, object?>("projection", entry.Key[prefix.Length..])))
            .ToList();
    }

    /// <summary>Whether anything read the figures lately: nobody scraping, nothing is read from the database.</summary>
    private bool Asked => Interlocked.Read(ref _lastAsked) is var asked and not 0 && _time.GetElapsedTime(asked) < AskedFor;

    /// <summary>Of the hosts still running, the one whose figures were read last (or, before any, started last).</summary>
    private static CasesMetrics? Current()
    {
        lock (Running) return Running.LastOrDefault();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (Running) Running.Add(this);
        try
        {
            using var timer = new PeriodicTimer(ReadEvery, _time);
            do
            {
                if (!Asked) continue;
                try
                {
                    await RefreshAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The database away: the last figures stay, and readiness says why.
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        finally
        {
            lock (Running) Running.Remove(this);
        }
    }
}
