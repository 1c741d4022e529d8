using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Timpora.Api.Security;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// At most <c>RateLimit:PermitsPerMinute</c> requests (default 600) per user, counted by the validated token's
/// <c>sub</c>; callers without a valid token are counted by IP address. One user's flood never slows anyone else.
/// </summary>
public static class RateLimiting
{
    public const string PermitsSetting = "RateLimit:PermitsPerMinute";
    public const int DefaultPermitsPerMinute = 600;

    public static IServiceCollection AddCasesRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((limiter, configuration) =>
        {
            var permits = configuration.GetValue(PermitsSetting, DefaultPermitsPerMinute);
            if (permits < 1) throw new InvalidOperationException($"{PermitsSetting} must be at least 1.");

            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsProbe(http)
                ? RateLimitPartition.GetNoLimiter("probe")
                : RateLimitPartition.GetFixedWindowLimiter(PartitionOf(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = Reject;
        }).ValidateOnStart();
        return services;
    }

    /// <summary>After authentication, which is what makes the token's <c>sub</c> known.</summary>
    public static IApplicationBuilder UseCasesRateLimiting(this IApplicationBuilder app) => app.UseRateLimiter();

    /// <summary>A readiness probe that is throttled takes a healthy node out of service; a throttled scrape leaves a gap in the metrics.</summary>
    private static bool IsProbe(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments(Telemetry.MetricsPath);

    private static string PartitionOf(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && http.User.FindFirst(CurrentUser.UserIdClaim)?.Value is { Length: > 0 } userId
            ? "user:" + userId
            : "ip:" + (http.Connection.RemoteIpAddress ?? IPAddress.None);

    private static async ValueTask Reject(OnRejectedContext rejected, CancellationToken cancellation)
    {
        var http = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Type = "https://www.rfc-editor.org/rfc/rfc6585#section-4",
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"The rate limit for your account is exceeded; retry in {seconds} seconds.",
            },
        });
    }
}
