using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Timpora.Api.Infrastructure;

public static class OpenApi
{
    public static IServiceCollection AddCasesOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddSchemaTransformer(OpenApiShapes.Refine).AddDocumentTransformer((document, _, _) =>
        {
            RemoveResultPlaceholders(document);
            // Before the schemas written here, which say themselves what they require.
            OpenApiShapes.Require(document);
            DescribeProblems(document);
            OneProblemSchema(document);
            OpenApiShapes.TypeQueryParameters(document);
            OpenApiShapes.DeclareHeaders(document);
            OpenApiShapes.Summarise(document);
            DescribeCsv(document);
            DescribeHealth(document);
            // The host the document was asked from, without the trailing slash that would double every path's.
            foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
            document.Info = new OpenApiInfo
            {
                Title = "Timpora Cases API",
                Version = "v1",
                Description = "Case management for TIMPORA, the teams that supervise foreign nationals in an Indonesian regency. "
                              + "Every case is an event stream; every write records who did it. Authenticate with a bearer JWT.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with the claims sub, name, agency and role.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
            return Task.CompletedTask;
        }));

    /// <summary>
    /// Endpoints answer <see cref="IResult"/> and declare their real answers with <c>ProducesResponseType</c>; Wolverine
    /// also describes the bare return type as a 200 of an empty "IResult" object, which would tell clients that a
    /// 201 endpoint may answer 200 with nothing they can read. Those placeholders are dropped.
    /// </summary>
    private static void RemoveResultPlaceholders(OpenApiDocument document)
    {
        const string placeholder = nameof(IResult);
        foreach (var operation in document.Paths.Values.SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            if (operation.Responses is not { } responses) continue;
            foreach (var status in responses.Where(r => IsOnly(r.Value, placeholder)).Select(r => r.Key).ToList())
                responses.Remove(status);
        }

        document.Components?.Schemas?.Remove(placeholder);
    }

    private const string ProblemSchema = "Problem";

    /// <summary>
    /// The errors every route can answer, as API.md's error table lists them, all as problem details: declared
    /// once here rather than on each endpoint, so no route documents fewer errors than it can give.
    /// </summary>
    private static void DescribeProblems(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details. A 400 or 422 also carries errors: { \"json.path\": [\"message\"] }.",
            Required = new HashSet<string> { "type", "title", "status", "detail" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace, as the logs have it." },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
        };

        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/api", StringComparison.Ordinal) || item.Operations is null) continue;
            var aboutOneCase = path.StartsWith("/api/cases/{", StringComparison.Ordinal);
            var namesAResource = path.Contains('{');
            foreach (var (method, operation) in item.Operations)
            {
                operation.Responses ??= new OpenApiResponses();
                var writes = method == HttpMethod.Post;
                var problems = new List<(int Status, string When)>
                {
                    (400, writes ? "Malformed JSON, or a field fails validation (errors names each)." : "A query parameter is not valid (errors names each)."),
                    (401, "No token, or the token is not valid (signature, expiry, issuer, audience)."),
                    (403, "The caller's role may never do this."),
                    (429, "Too many requests from this user; see Retry-After."),
                };
                if (namesAResource) problems.Add((404, aboutOneCase ? "No such case, or the caller may not see it." : "No such resource."));
                if (writes)
                {
                    problems.Add((409, "The case's state does not allow this, or a concurrent write won the race."));
                    problems.Add((413, "The body is larger than 256 KiB."));
                    problems.Add((422, "The request cannot be processed as sent (a decision lacking safeguards, a reused Idempotency-Key)."));
                    if (aboutOneCase) problems.Add((412, "If-Match names a version that is no longer current."));
                }

                // Wolverine lists a bodiless 404 on every route; only routes that name a resource can answer it.
                if (!namesAResource && operation.Responses.TryGetValue("404", out var notFound) && notFound.Content is not { Count: > 0 })
                    operation.Responses.Remove("404");

                foreach (var (status, when) in problems)
                {
                    var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (operation.Responses.TryGetValue(code, out var declared) && declared.Content is { Count: > 0 }) continue;
                    operation.Responses[code] = new OpenApiResponse
                    {
                        Description = when,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
                        },
                    };
                }
            }
        }
    }

    /// <summary>
    /// Every error is one shape: the generator also describes some with ASP.NET's own problem classes, which carry the
    /// same fields.
    /// </summary>
    private static void OneProblemSchema(OpenApiDocument document)
    {
        string[] others = ["ProblemDetails", "HttpValidationProblemDetails"];
        foreach (var operation in OpenApiShapes.Operations(document))
        foreach (var response in (operation.Responses ?? []).Values.OfType<OpenApiResponse>())
        {
            if (response.Content is not { } content) continue;
            foreach (var (type, media) in content.ToList())
            {
                if (media.Schema is not OpenApiSchemaReference reference || !others.Contains(reference.Reference.Id)) continue;
                content.Remove(type);
                content["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, document) };
            }
        }

        foreach (var other in others) document.Components?.Schemas?.Remove(other);
    }

    /// <summary>The statistics also answer as a table, to <c>Accept: text/csv</c>.</summary>
    private static void DescribeCsv(OpenApiDocument document)
    {
        if (!document.Paths.TryGetValue("/api/statistics", out var path)
            || path.Operations?.GetValueOrDefault(HttpMethod.Get)?.Responses?.GetValueOrDefault("200") is not OpenApiResponse ok) return;
        ok.Content ??= new Dictionary<string, OpenApiMediaType>();
        ok.Content["text/csv"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A table with a header row, comma separated, UTF-8." },
        };
    }

    /// <summary>The health routes, answered without a token (ASP.NET health checks are not endpoints the generator sees).</summary>
    private static void DescribeHealth(OpenApiDocument document)
    {
        document.Components!.Schemas!["Health"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "status", "checks" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["status"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [JsonValue.Create("Healthy")!, JsonValue.Create("Degraded")!, JsonValue.Create("Unhealthy")!],
                },
                ["checks"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "Each check by name: its status, description, duration and data." },
            },
        };

        foreach (var (path, summary, description) in new[]
                 {
                     ("/health/live", "Whether the process is up", "200 while the process serves requests."),
                     ("/health/ready", "Whether this node can serve", "200 when the database answers and the projections are running and not stalled; 503 otherwise."),
                 })
        {
            var responses = new OpenApiResponses
            {
                ["200"] = HealthAnswer("Healthy (or degraded: see checks).", document),
            };
            if (path.EndsWith("ready", StringComparison.Ordinal)) responses["503"] = HealthAnswer("Not ready: see checks.", document);
            document.Paths[path] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Get] = new()
                    {
                        OperationId = path.EndsWith("live", StringComparison.Ordinal) ? "getLiveness" : "getReadiness",
                        Summary = summary,
                        Description = description,
                        Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                        Security = [],
                        Responses = responses,
                    },
                },
            };
        }

        document.Paths[Telemetry.MetricsPath] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = "getMetrics",
                    Summary = "Metrics in Prometheus text format",
                    Description = "Requests per route and their durations, database commands, each projection's lag and dead letters, idempotent replays.",
                    Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                    Security = [],
                    Responses = new OpenApiResponses
                    {
                        ["200"] = new OpenApiResponse
                        {
                            Description = "The current series.",
                            Content = new Dictionary<string, OpenApiMediaType>
                            {
                                ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                            },
                        },
                    },
                },
            },
        };

        document.Tags ??= new HashSet<OpenApiTag>();
        document.Tags.Add(new OpenApiTag { Name = "Health", Description = "For load balancers, orchestrators and monitoring; no token needed." });
    }

    private static OpenApiResponse HealthAnswer(string description, OpenApiDocument document) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new() { Schema = new OpenApiSchemaReference("Health", document) },
        },
    };

    private static bool IsOnly(IOpenApiResponse response, string schemaId) =>
        response.Content is { Count: > 0 } content
        && content.Values.All(media => media.Schema is OpenApiSchemaReference reference && reference.Reference.Id == schemaId);
}
