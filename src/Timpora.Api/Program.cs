using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using Marten;
using Scalar.AspNetCore;
using Timpora.Api.Cases.Deciding;
using Timpora.Api.Clocks;
using Timpora.Api.Demo;
using Timpora.Api.Integrity;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Api.Statistics;
using Timpora.Cases;
using Timpora.Cases.Integrity;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

args = CommandDefaults.WithDefaults(args);
if (args is ["projections", ..]) Console.SetOut(new CommandOutput(Console.Out));
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCasesDatabaseConnections(args);
if (CommandDefaults.NeedsDatabase(args) && string.IsNullOrEmpty(builder.Configuration.GetConnectionString("Timpora")))
{
    await Console.Error.WriteLineAsync(
        $"{args[0]} needs the database: set ConnectionStrings__Timpora (scripts/run.sh prints the connection string of its throwaway database).");
    return 2;
}

// Read when the database is first needed, so commands that need none (token, help) run without one.
string ConnectionString() => builder.Configuration.GetConnectionString("Timpora")
    ?? throw new InvalidOperationException(
        "ConnectionStrings:Timpora is not set. Set ConnectionStrings__Timpora, or start the API with scripts/run.sh (a throwaway PostgreSQL).");

builder.Logging.WithoutServerErrorsForRefusedBodies();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<OfficeClock>();
builder.Services.AddSingleton(services => new CaseNumberAllocator(
    services.GetRequiredService<IDocumentStore>(),
    builder.Configuration.GetValue("CaseNumbers:BlockSize", CaseNumberAllocator.DefaultBlockSize)));

builder.Services.AddSingleton(_ => IntegrityConfiguration.Keys(builder.Configuration));
builder.Services.AddSingleton<IntegrityVerifier>();

var marten = builder.Services.AddMarten(services =>
    {
        var options = new StoreOptions();
        options.Connection(ConnectionString());
        return options.ConfigureCases(services.GetRequiredService<IntegrityKeys>());
    })
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup();

// Async projections: Solo runs them all in this process (tests, a single node); HotCold lets Wolverine give
// each projection to exactly one of the nodes sharing the database and move it when that node dies.
if (string.Equals(builder.Configuration["Projections:Daemon"], "Solo", StringComparison.OrdinalIgnoreCase))
    marten.AddAsyncDaemon(DaemonMode.Solo).IntegrateWithWolverine();
else
    marten.IntegrateWithWolverine(wolverine => wolverine.UseWolverineManagedEventSubscriptionDistribution = true);

builder.Services.AddHostedService<DemoCases>();
builder.Services.AddHostedService<StatisticsFolding>();

// Handlers and Marten's storage code: generated and compiled at start-up while developing; in production loaded
// from the code committed under Internal/Generated (scripts/codegen.sh writes it; the test run fails when it is
// out of date), so a node starts without Roslyn and refuses to start if a generated type is missing.
builder.Services.CritterStackDefaults(defaults =>
{
    defaults.Development.GeneratedCodeMode = TypeLoadMode.Dynamic;
    defaults.Production.GeneratedCodeMode = TypeLoadMode.Static;
    defaults.Production.AssertAllPreGeneratedTypesExist = true;
});

builder.Host.UseWolverine(options =>
{
    if (!builder.Environment.IsProduction()) options.UseRuntimeCompilation();
    // The default ids (NewId) are built from the machine's identity and the time: two processes on one machine, or
    // containers sharing a network identity, scheduling legal clocks in the same instant collide on the envelope's key.
    options.EnvelopeIdGeneration = EnvelopeIdGeneration.GuidV7;
    NodeHealth.Configure(options.Durability, builder.Configuration);
});
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<CaseWriter>();

builder.Services.ConfigureHttpJsonOptions(json =>
{
    CasesStore.ConfigureJson(json.SerializerOptions);
    BodyValues.Add(json.SerializerOptions);
});
builder.Services.AddWolverineHttp();
builder.Services.AddCasesAuthentication(builder.Configuration);
builder.Services.AddCasesRateLimiting();
builder.Services.AddCasesRequestLimits();
builder.Services.AddCasesLogRedaction();
builder.Services.AddCasesProblemDetails();
builder.Services.AddCasesTelemetry(builder.Configuration);
builder.Services.AddCasesOpenApi();
builder.Services.AddOutputCache();
builder.Services.AddSafeguardsOpenApi();
builder.Services.AddLegalClocks(builder.Configuration);
builder.Services.AddCasesHealthChecks(ConnectionString);
builder.Services.AddCasesIdempotency();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCorrelationId();
app.UseSecurityHeaders();
app.UseCasesRequestLimits();
app.UseAuthentication();
app.UseCasesRateLimiting();
app.UseAuthorization();
app.UseIdempotencyKeys();
app.UseOutputCache();

// The document is the same for every request to a host: generated once, then kept for ten minutes.
app.MapOpenApi().CacheOutput(cache => cache.Expire(TimeSpan.FromMinutes(10)));
// The page works offline: no fonts from a CDN, and none of the buttons that call Scalar's services (AI chat, MCP,
// the developer toolbar's deploy and SDK generation, telemetry). Scalar answers /docs with a redirect to /docs/.
app.MapScalarApiReference("/docs", docs =>
{
    docs.WithTitle("Timpora Cases API").WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts()
        .DisableAgent().DisableMcp().DisableTelemetry();
    docs.ShowDeveloperTools = DeveloperToolsVisibility.Never;
});
app.MapCasesHealthChecks();
app.MapCasesMetrics();
app.MapWolverineEndpoints(http => http.RequireAuthorizeOnAll());

CommandDefaults.QuietDiscovery();
return await app.RunJasperFxCommands(args);

public partial class Program;
