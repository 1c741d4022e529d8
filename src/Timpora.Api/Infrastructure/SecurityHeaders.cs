namespace Timpora.Api.Infrastructure;

/// <summary>
/// Headers that keep browsers from misusing an answer: no MIME sniffing, no framing, no referrer leaking case ids,
/// no caching of case data on shared machines, and a content policy that lets an API answer run nothing at all.
/// Set when the response starts, so error answers written after the pipeline cleared the response carry them too.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>JSON answers load nothing and may not be framed.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// The Scalar page at /docs loads its script from this app (docs/scalar.js, no eval, no workers) and starts it from
    /// an inline module whose text carries the page's configuration, hence 'unsafe-inline' for scripts on this page
    /// alone, which shows no case data; its styles are inline too. Its CDN fonts are switched off (Program.cs), and it
    /// calls only this API (connect-src 'self').
    /// </summary>
    public const string DocsPolicy =
        "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private const string DocsPath = "/docs";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments(DocsPath) ? DocsPolicy : ApiPolicy;
            if (http.Request.Path.StartsWithSegments("/api")) headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(http);
    });
}
