using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Timpora.Api.Security;
using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests.Hardening;

/// <summary>Only a token this deployment would have issued, and only while it is valid, gets past authentication.</summary>
public sealed class Tokens(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string Jwt = "JWT";

    public static TheoryData<string> Refused => new()
    {
        "expired", "not yet valid", "wrong issuer", "wrong audience", "signed with another key", "payload changed after signing",
        "alg none", "alg none with a signature", "no expiry", "no subject", "not a JWT", "empty",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task a_token_that_is_not_valid_is_a_401_problem(string kind)
    {
        var token = TokenThatIs(kind, Host.Auth());

        var reply = await Host.Send(null, "GET", "/api/cases", token: token);

        reply.ShouldBeProblem(401);
    }

    [Fact]
    public async Task a_valid_hand_made_token_is_accepted_so_the_refusals_above_are_about_what_was_spoiled()
    {
        var auth = Host.Auth();
        var token = HandMadeTokens.Token(new { alg = "HS256", typ = Jwt }, HandMadeTokens.ClaimsOf(Users.Investigator, auth), auth.SigningKey);

        (await Host.Send(null, "GET", "/api/cases", token: token)).Status.Should().Be(200);
    }

    [Fact]
    public async Task a_refused_token_never_writes()
    {
        var token = TokenThatIs("alg none", Host.Auth());

        var reply = await Host.Send(null, "POST", "/api/cases", Bodies.Sighting(), token: token);

        reply.ShouldBeProblem(401);
        await using var session = Fixture.Store.QuerySession();
        (await Marten.QueryableExtensions.CountAsync(session.Events.QueryAllRawEvents())).Should().Be(0);
    }

    [Fact]
    public void with_an_authority_the_options_need_no_signing_key_and_fetch_nothing_at_start_up()
    {
        const string authority = "https://login.example.test/realms/timpora";
        using var services = Services(new() { ["Auth:Authority"] = authority, ["Auth:Audience"] = "timpora-api" });

        services.GetRequiredService<IStartupValidator>().Validate();
        var jwt = services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);

        jwt.Authority.Should().Be(authority);
        jwt.RequireHttpsMetadata.Should().BeTrue();
        jwt.ConfigurationManager.Should().NotBeNull("the provider's keys are read from its discovery document, on the first token");
        jwt.TokenValidationParameters.IssuerSigningKey.Should().BeNull();
        jwt.TokenValidationParameters.ValidAudience.Should().Be("timpora-api");
        jwt.TokenValidationParameters.ValidAlgorithms.Should().NotBeEmpty().And.NotContain(SecurityAlgorithms.HmacSha256,
            "a symmetric algorithm with published keys would let anyone sign");
        jwt.TokenValidationParameters.RequireSignedTokens.Should().BeTrue();
    }

    [Theory]
    [InlineData("Auth:SigningKey", "")]
    [InlineData("Auth:SigningKey", "shorter than thirty-two bytes")]
    [InlineData("Auth:Authority", "http://login.example.test/realms/timpora")]
    [InlineData("Auth:Authority", "login.example.test")]
    public void without_a_usable_key_or_an_https_authority_the_application_does_not_start(string setting, string value)
    {
        using var services = Services(new() { [setting] = value });

        var start = () => services.GetRequiredService<IStartupValidator>().Validate();

        start.Should().Throw<OptionsValidationException>().WithMessage("*Auth:SigningKey*Auth:Authority*");
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddCasesAuthentication(configuration);
        return services.BuildServiceProvider();
    }

    private static string TokenThatIs(string kind, AuthOptions auth)
    {
        var claims = HandMadeTokens.ClaimsOf(Users.Investigator, auth);
        // The machine's clock, as the bearer handler judges nbf and exp by it (see HandMadeTokens), not the test clock.
        var now = DateTimeOffset.UtcNow;
        var hs256 = new { alg = "HS256", typ = Jwt };
        string Signed(Dictionary<string, object> payload) => HandMadeTokens.Token(hs256, payload, auth.SigningKey);
        Dictionary<string, object> With(string claim, object? value)
        {
            var changed = new Dictionary<string, object>(claims);
            if (value is null) changed.Remove(claim);
            else changed[claim] = value;
            return changed;
        }

        return kind switch
        {
            "expired" => Signed(new Dictionary<string, object>(claims)
            {
                ["nbf"] = now.AddHours(-2).ToUnixTimeSeconds(), ["iat"] = now.AddHours(-2).ToUnixTimeSeconds(),
                ["exp"] = now.AddMinutes(-2).ToUnixTimeSeconds(),
            }),
            "not yet valid" => Signed(With("nbf", now.AddMinutes(10).ToUnixTimeSeconds())),
            "wrong issuer" => Signed(With("iss", "someone-else")),
            "wrong audience" => Signed(With("aud", "another-api")),
            "signed with another key" => HandMadeTokens.Token(hs256, claims, new string('k', 48)),
            "payload changed after signing" => Tampered(Signed(claims), auth),
            "alg none" => HandMadeTokens.Token(new { alg = "none", typ = Jwt }, claims, key: null),
            "alg none with a signature" => HandMadeTokens.Token(new { alg = "none", typ = Jwt }, claims, auth.SigningKey),
            "no expiry" => Signed(With("exp", null)),
            "no subject" => Signed(With("sub", null)),
            "not a JWT" => "this-is-not-a-token",
            "empty" => "",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>The signature of an investigator's token over a payload that now claims the supervisor role.</summary>
    private static string Tampered(string token, AuthOptions auth)
    {
        var parts = token.Split('.');
        var promoted = HandMadeTokens.Token(new { alg = "HS256", typ = Jwt },
            HandMadeTokens.ClaimsOf(Users.Supervisor, auth), auth.SigningKey).Split('.');
        return $"{parts[0]}.{promoted[1]}.{parts[2]}";
    }
}
