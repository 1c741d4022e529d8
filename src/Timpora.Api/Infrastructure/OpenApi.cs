using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Timpora.Api.Infrastructure;

public static class OpenApi
{
    public static IServiceCollection AddCasesOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
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
}
