using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using JasperFx;
using JasperFx.Events;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// Every error leaves as problem details with a type, title, status and detail, and never a stack trace.
/// Expected refusals are returned by the endpoints; this catches what escapes them.
/// </summary>
public static partial class ErrorHandling
{
    public static IServiceCollection AddCasesProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Detail ??= DefaultDetail(problem.Status);
            problem.Extensions.Remove("exception");

            // Wolverine answers a body it cannot read with a 400 whose detail names the JSON path at fault.
            if (problem.Status == StatusCodes.Status400BadRequest && problem is not HttpValidationProblemDetails
                && !problem.Extensions.ContainsKey("errors"))
            {
                var path = JsonPath().Match(problem.Detail ?? "");
                var field = path.Success ? FieldName(path.Groups["path"].Value) : "body";
                problem.Extensions["errors"] = new Dictionary<string, string[]>
                {
                    [field] = [BodyValues.RuleIn(problem.Detail)
                               ?? (path.Success ? "The value could not be read: check its type and format." : "The body is not valid JSON.")],
                };
                problem.Detail = "The request body could not be read as JSON of the expected shape; see errors.";
                problem.Type = BadRequestType;
                problem.Extensions.Remove("lineNumber");
                problem.Extensions.Remove("bytePositionInLine");
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(RefusedBodies)
                    .LogInformation("Refused a request body to {Path} that could not be read: {Field}", context.HttpContext.Request.Path, field);
            }
        });
        services.AddExceptionHandler<UnexpectedErrors>();
        return services;
    }

    private static string FieldName(string jsonPath)
    {
        var field = jsonPath.TrimStart('$').TrimStart('.');
        return field.Length == 0 ? "body" : field;
    }

    /// <summary>Where a body the API could not read is logged: a client's mistake, at Information.</summary>
    public const string RefusedBodies = "Timpora.Api.RefusedBodies";

    private const string BadRequestType = "https://tools.ietf.org/html/rfc9110#section-15.5.1";

    /// <summary>
    /// Wolverine logs a body it cannot read at Error, with a stack trace, under the request type's name: it is the
    /// client's mistake, answered 400 and logged once at Information (<see cref="RefusedBodies"/>), so those lines
    /// are dropped. Request types log nothing else.
    /// </summary>
    public static ILoggingBuilder WithoutServerErrorsForRefusedBodies(this ILoggingBuilder logging) =>
        logging.AddFilter((category, _) => category is null || !IsRequestType(category));

    private static bool IsRequestType(string category) =>
        category.StartsWith("Timpora.Api.", StringComparison.Ordinal) && category.EndsWith("Request", StringComparison.Ordinal);

    [GeneratedRegex(@"Path: (?<path>\$[^\s|]*)")]
    private static partial Regex JsonPath();

    private static string DefaultDetail(int? status) => status switch
    {
        401 => "A valid bearer token is required.",
        403 => "Your role may not do this.",
        404 => "No such resource.",
        405 => "The resource does not accept this method.",
        406 => "The API answers in JSON.",
        413 => "The request body is too large.",
        415 => "Send the body as application/json.",
        429 => "Too many requests; retry later.",
        503 => "The service is temporarily unavailable; retry shortly.",
        _ => "The request could not be completed.",
    };

    private const string WriteMayHaveHappened =
        "The database is unavailable; retry shortly. If the connection broke while saving, the write may have been saved: "
        + "repeat it with the same Idempotency-Key to be answered either way without a second write.";

    /// <summary>
    /// The database is down, restarting, overloaded or out of time: the request may succeed if retried, so it is a 503,
    /// never a 500. Marten wraps Npgsql's exceptions, so the whole chain is searched.
    /// </summary>
    public static bool DatabaseUnavailable(Exception exception) => Chain(exception).Any(e => e switch
    {
        PostgresException postgres => IsUnavailableState(postgres.SqlState) || postgres.IsTransient,
        NpgsqlException { IsTransient: true } => true,
        SocketException or TimeoutException => true,
        _ => false,
    });

    /// <summary>
    /// 08 connection exceptions, 53 insufficient resources, 57P01-57P05 shutdown, crash, starting up, idle timeout,
    /// 57014 a statement timeout.
    /// </summary>
    private static bool IsUnavailableState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)
        || state.StartsWith("57P", StringComparison.Ordinal) || state == PostgresErrorCodes.QueryCanceled;

    /// <summary>
    /// PostgreSQL's data exceptions (class 22) are values it will not store, such as U+0000 or a lone surrogate in
    /// JSON text: the request's fault, a 400, and nothing was written.
    /// </summary>
    private static string? ValueRefusedByDatabase(Exception exception) =>
        Chain(exception).OfType<PostgresException>().FirstOrDefault(e => e.SqlState.StartsWith("22", StringComparison.Ordinal)) is { } refused
            ? refused.SqlState == PostgresErrorCodes.UntranslatableCharacter ? "a character such as U+0000" : $"SQLSTATE {refused.SqlState}"
            : null;

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions) pending.Push(inner);
            else if (current.InnerException is { } inner)
                pending.Push(inner);
        }
    }

    private sealed class UnexpectedErrors(IProblemDetailsService problems, ILogger<UnexpectedErrors> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellation)
        {
            var (status, title, detail) = exception switch
            {
                // Marten raises its own collision type, not the JasperFx.Events one of the same name.
                ConcurrencyException or ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException =>
                    (409, "Conflict.", "Another change to this case was saved first. Read the case again and retry."),
                BadHttpRequestException bad => (bad.StatusCode, "Bad request.", DefaultDetail(bad.StatusCode)),
                JsonException => (400, "The request is not valid.", "The request body is not valid JSON."),
                OperationCanceledException when http.RequestAborted.IsCancellationRequested =>
                    (499, "Client closed request.", "The client went away."),
                _ when ValueRefusedByDatabase(exception) is { } refused =>
                    (400, "The request is not valid.", $"A value in the request cannot be stored ({refused}); remove it and retry."),
                _ when DatabaseUnavailable(exception) =>
                    (503, "Service unavailable.", HttpMethods.IsGet(http.Request.Method) ? DefaultDetail(503) : WriteMayHaveHappened),
                _ => (500, "Internal error.", "An unexpected error occurred; it has been logged with the correlation id."),
            };

            if (status >= 500) logger.LogError(exception, "Request failed with {Status}", status);
            if (status == 503) http.Response.Headers.RetryAfter = "5";

            http.Response.StatusCode = status;
            var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
            if (status == 400)
                problem.Extensions["errors"] = new Dictionary<string, string[]> { ["body"] = [detail] };
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
        }
    }
}
