using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: the database answers and the async projections
/// are not stalled (their lag is in the answer).
/// </summary>
public static class Health
{
    public const string Ready = "ready";

    public static IServiceCollection AddCasesHealthChecks(this IServiceCollection services, Func<string> connectionString)
    {
        services.AddHealthChecks()
            .AddNpgSql(_ => connectionString(), name: "postgresql", tags: [Ready], timeout: TimeSpan.FromSeconds(3))
            .AddCheck<ProjectionHealthCheck>(ProjectionHealthCheck.Name, tags: [Ready], timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    public static void MapCasesHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = Write })
            .AllowAnonymous();
    }

    private static Task Write(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(http.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = e.Value.Duration.TotalMilliseconds,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        }, cancellationToken: http.RequestAborted);
    }
}
