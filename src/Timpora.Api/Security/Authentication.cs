using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Timpora.Api.Security;

public static class Authentication
{
    /// <summary>
    /// What an OpenID Connect provider may sign with. Symmetric algorithms are left out: with published keys, accepting
    /// HS256 would let anyone who read the public key forge tokens.
    /// </summary>
    private static readonly string[] ProviderAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public static IServiceCollection AddCasesAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.Section))
            .Validate(auth => auth.IsComplete, AuthOptions.MissingKey)
            .ValidateOnStart();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // Read when the options are first needed, so a test host's configuration overrides are seen.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) => Configure(jwt, auth.Value));

        services.AddAuthorization();
        return services;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth)
    {
        // Keep the token's own claim names (sub, name, agency, role) instead of the legacy SOAP URIs.
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidAudience = auth.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = CurrentUser.NameClaim,
            RoleClaimType = CurrentUser.RoleClaim,
        };
        jwt.Events = new JwtBearerEvents { OnTokenValidated = RequireSubject };

        if (auth.UsesAuthority)
        {
            // The provider's discovery document names its issuer and keys; they are fetched on the first token, not at start-up.
            jwt.Authority = auth.Authority;
            jwt.RequireHttpsMetadata = true;
            jwt.TokenValidationParameters.ValidAlgorithms = ProviderAlgorithms;
        }
        else
        {
            jwt.TokenValidationParameters.ValidIssuer = auth.Issuer;
            jwt.TokenValidationParameters.IssuerSigningKey = SigningKey(auth);
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
    }

    /// <summary>Every permission and every event's actor hangs on <c>sub</c>: a token without one is no identity at all.</summary>
    private static Task RequireSubject(TokenValidatedContext context)
    {
        if (string.IsNullOrWhiteSpace(context.Principal?.FindFirst(CurrentUser.UserIdClaim)?.Value))
            context.Fail("The token has no sub claim.");
        return Task.CompletedTask;
    }

    public static SymmetricSecurityKey SigningKey(AuthOptions auth)
    {
        if (!auth.HasUsableKey) throw new InvalidOperationException(AuthOptions.MissingKey);
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.SigningKey!));
    }
}
