using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.Configuration;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests.Hardening;

/// <summary>The API against a real OpenID Connect provider: its keys over HTTPS, rotated and withdrawn, its claim names.</summary>
public sealed class IdentityProviderTokens : IAsyncLifetime
{
    private OpenIdProvider _provider = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _provider = await OpenIdProvider.Start();
        _database = await Hosts.NewDatabase();
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Hosts.DropDatabase(_database);
    }

    /// <summary>A Keycloak-shaped token: roles under realm_access, the agency and name in claims of its own.</summary>
    private static Dictionary<string, object> KeycloakClaims(string role) => new()
    {
        ["sub"] = "inv-andi",
        ["preferred_username"] = "Andi Saputra",
        ["timpora_agency"] = "IMIGRASI",
        ["realm_access"] = new Dictionary<string, object> { ["roles"] = new[] { role, "offline_access" } },
    };

    private Task<IAlbaHost> Api(bool trusted = true, string? issuer = null) => Hosts.Start(_database,
        settings: new Dictionary<string, string?>
        {
            ["Auth:Authority"] = _provider.Authority,
            ["Auth:Issuer"] = issuer,
            ["Auth:KeyRefreshSeconds"] = "1",
            ["Auth:Claims:Role"] = "realm_access.roles",
            ["Auth:Claims:Name"] = "preferred_username",
            ["Auth:Claims:Agency"] = "timpora_agency",
        },
        services: services =>
        {
            if (trusted)
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt => jwt.BackchannelHttpHandler = _provider.TrustingHandler());
        });

    [Fact]
    public async Task provider_tokens_are_read_with_the_configured_claim_names_and_a_withdrawn_key_is_refused_once_the_provider_stops_publishing_it()
    {
        var first = OpenIdProvider.NewKey("key-1");
        _provider.Publish(first);
        await using var api = await Api();

        var before = _provider.Token(first, KeycloakClaims("investigator"));
        (await api.Send(null, "GET", "/api/cases", token: before)).Status.Should().Be(200, "the role comes from realm_access.roles");
        (await api.Send(null, "GET", "/api/cases", token: _provider.Token(first, KeycloakClaims("auditor-of-nothing")))).Status
            .Should().Be(403, "a role the API does not know grants nothing");

        // The provider rotates: a new key, and the first one withdrawn. A token naming the new key makes the API read
        // the key set again, in the background; the next token is validated against what it read.
        var second = OpenIdProvider.NewKey("key-2");
        _provider.Publish(second);
        var keySets = KeySetReads.Of(api);
        var after = _provider.Token(second, KeycloakClaims("investigator"));
        await api.Send(null, "GET", "/api/cases", token: after);
        await keySets.Until(keys => keys.SigningKeys.Any(k => k.KeyId == second.KeyId)).WaitAsync(TimeSpan.FromSeconds(30));
        (await api.Send(null, "GET", "/api/cases", token: after)).Status.Should().Be(200, "the new key is trusted once read");

        (await api.Send(null, "GET", "/api/cases", token: before)).Status.Should().Be(401, "the withdrawn key is trusted no longer");
        (await api.Send(null, "GET", "/api/cases", token: _provider.Token(second, KeycloakClaims("investigator"), issuer: "https://elsewhere.example")))
            .Status.Should().Be(401, "the issuer is the provider's");

        var ready = await api.Get(null, "/health/ready");
        ready.Status.Should().Be(200, ready.Text);
    }

    [Fact]
    public async Task an_issuer_configured_beside_the_authority_is_the_only_one_accepted()
    {
        var key = OpenIdProvider.NewKey("key-1");
        _provider.Publish(key);
        await using var api = await Api(issuer: "https://login.example/realms/timpora");

        (await api.Send(null, "GET", "/api/cases", token: _provider.Token(key, KeycloakClaims("investigator"), issuer: "https://login.example/realms/timpora")))
            .Status.Should().Be(200);
        (await api.Send(null, "GET", "/api/cases", token: _provider.Token(key, KeycloakClaims("investigator")))).Status
            .Should().Be(401, "the metadata's issuer is not the configured one");
    }

    [Fact]
    public async Task a_provider_whose_metadata_cannot_be_read_makes_the_node_not_ready_and_says_why()
    {
        _provider.Publish(OpenIdProvider.NewKey("key-1"));
        await using var api = await Api(trusted: false);

        var ready = await api.Get(null, "/health/ready");

        ready.Status.Should().Be(503);
        var check = ready.Json.GetProperty("checks").GetProperty("identity-provider");
        check.GetProperty("status").GetString().Should().Be("Unhealthy");
        check.GetProperty("description").GetString().Should().Contain(_provider.Authority).And.ContainEquivalentOf("certificate");
    }
}

/// <summary>
/// The API node's reads of the provider's metadata and keys, as its JwtBearer configuration manager finishes them: a
/// test waits for the read it caused instead of guessing how long it takes.
/// </summary>
public sealed class KeySetReads : IConfigurationEventHandler<OpenIdConnectConfiguration>
{
    private readonly List<(Func<OpenIdConnectConfiguration, bool> Wanted, TaskCompletionSource Read)> _waiting = [];

    public static KeySetReads Of(IAlbaHost api)
    {
        var jwt = api.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var reads = new KeySetReads();
        ((ConfigurationManager<OpenIdConnectConfiguration>)jwt.ConfigurationManager!).ConfigurationEventHandler = reads;
        return reads;
    }

    /// <summary>Completes once a read returns a configuration that <paramref name="wanted"/> accepts.</summary>
    public Task Until(Func<OpenIdConnectConfiguration, bool> wanted)
    {
        var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiting) _waiting.Add((wanted, read));
        return read.Task;
    }

    public Task<ConfigurationEventHandlerResult<OpenIdConnectConfiguration>> BeforeRetrieveAsync(string metadataAddress, CancellationToken cancellationToken = default) =>
        Task.FromResult<ConfigurationEventHandlerResult<OpenIdConnectConfiguration>>(null!);

    public Task AfterUpdateAsync(string metadataAddress, OpenIdConnectConfiguration configuration, CancellationToken cancellationToken = default)
    {
        lock (_waiting)
            foreach (var (wanted, read) in _waiting.Where(waiting => waiting.Wanted(configuration)).ToList())
            {
                read.TrySetResult();
                _waiting.Remove((wanted, read));
            }

        return Task.CompletedTask;
    }
}
