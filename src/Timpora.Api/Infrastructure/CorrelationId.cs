namespace Timpora.Api.Infrastructure;

/// <summary>
/// Every request has a correlation id: the caller's <c>X-Correlation-Id</c> when it is sensible, else a new one.
/// It is echoed on the response and recorded on every event the request appends.
/// </summary>
public static class CorrelationId
{
    public const string Header = "X-Correlation-Id";
    private const int MaximumLength = 128;

    public static string Of(HttpContext http) => http.Items[Header] as string ?? Assign(http);

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var id = Assign(http);
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        return next(http);
    });

    private static string Assign(HttpContext http)
    {
        var sent = http.Request.Headers[Header].ToString();
        var id = IsUsable(sent) ? sent : Guid.CreateVersion7().ToString();
        http.Items[Header] = id;
        return id;
    }

    private static bool IsUsable(string value) =>
        value.Length is > 0 and <= MaximumLength && value.All(c => c is >= '!' and <= '~');
}
