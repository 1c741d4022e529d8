using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Timpora.Api.Infrastructure;

public static class OpenApi
{
    public static IServiceCollection AddCasesOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            RemoveResultPlaceholders(document);
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

    private static bool IsOnly(IOpenApiResponse response, string schemaId) =>
        response.Content is { Count: > 0 } content
        && content.Values.All(media => media.Schema is OpenApiSchemaReference reference && reference.Reference.Id == schemaId);
}
