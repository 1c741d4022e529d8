using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// No request body over 256 KiB (API.md, 413). Kestrel enforces the limit itself; this middleware answers it the same
/// way on every server (the test server has no limit of its own) and before a byte of an oversized body is parsed.
/// </summary>
public static class RequestLimits
{
    public const long MaximumBodyBytes = 256 * 1024;

    public static IServiceCollection AddCasesRequestLimits(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = MaximumBodyBytes);

    public static IApplicationBuilder UseCasesRequestLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var request = http.Request;
        if (request.ContentLength > MaximumBodyBytes)
        {
            await TooLarge(http);
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaximumBodyBytes;

        // A body without a length (chunked) is only known to be too large once read: read it here, within the limit, so the
        // answer is a 413 rather than a 400 from the JSON reader that would otherwise hit the limit halfway.
        if (request.ContentLength is null && http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false
            && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            var body = await ReadWithin(request.Body, MaximumBodyBytes, http.RequestAborted);
            if (body is null)
            {
                await TooLarge(http);
                return;
            }

            request.Body = body;
            request.ContentLength = body.Length;
        }

        await next(http);
    });

    private static async Task<MemoryStream?> ReadWithin(Stream source, long maximum, CancellationToken cancellation)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > maximum) return null;
            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }

    private static async Task TooLarge(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The request body is too large.",
                Detail = $"A request body may hold at most {MaximumBodyBytes / 1024} KiB.",
            },
        });
    }
}
