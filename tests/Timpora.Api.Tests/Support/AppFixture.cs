using Alba;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Timpora.Api.Security;
using Wolverine;

namespace Timpora.Api.Tests.Support;

/// <summary>
/// The real application over real HTTP (Alba) against the real PostgreSQL that scripts/test.sh starts
/// (ConnectionStrings__Timpora). One host for the whole assembly.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>The application's time: the machine's unless a test moves it (legal clocks, deadlines).</summary>
    public TestClock Clock { get; } = new();

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public AuthOptions Auth => Host.Services.GetRequiredService<IOptions<AuthOptions>>().Value;

    public async Task InitializeAsync()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("ConnectionStrings__Timpora")))
            throw new InvalidOperationException("Run the tests with scripts/test.sh, which starts PostgreSQL and sets ConnectionStrings__Timpora.");

        // Program ends with RunJasperFxCommands; without this the test host would never start.
        JasperFxEnvironment.AutoStartHost = true;
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("Demo:Seed", "false");
            // Every test acts as the same few users; the per-user limit is tested in a host of its own.
            builder.UseSetting("RateLimit:PermitsPerMinute", "1000000");
            // The real async daemon, running every projection in this process; tests wait on it to catch up.
            builder.UseSetting("Projections:Daemon", "Solo");
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
            });
        });
    }

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class IntegrationCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "integration";
}

/// <summary>Each test starts from an empty event store.</summary>
[Collection(IntegrationCollection.Name)]
public abstract class IntegrationContext(AppFixture fixture) : IAsyncLifetime
{
    protected AppFixture Fixture { get; } = fixture;

    protected IAlbaHost Host => Fixture.Host;

    public async Task InitializeAsync()
    {
        Fixture.Clock.Reset();
        await Host.ResetAllMartenDataAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
