using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;
using Timpora.Api.Infrastructure;

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
            .Configure<IOptions<AuthOptions>>((jwt, auth) => Configure(jwt, auth.Value))
            // After JwtBearer has made its configuration manager from these options.
            .PostConfigure(ForgetWithdrawnKeys);
        services.AddHealthChecks().AddCheck<IdentityProviderHealthCheck>(IdentityProviderHealthCheck.Name, tags: [Health.Ready]);

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
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                if (!auth.Claims.AreTheApisOwn) context.Principal = ProviderClaims.AsTheApis(context.Principal!, auth.Claims);
                return RequireSubject(context);
            },
            OnAuthenticationFailed = ExplainUnreadableMetadata,
        };

        if (auth.UsesAuthority)
        {
            // The provider's discovery document names its issuer and keys; they are fetched on the first token, not at
            // start-up, and read again every MetadataRefreshMinutes, or when a token names a key not seen yet (at most
            // every KeyRefreshSeconds).
            jwt.Authority = auth.Authority;
            jwt.RequireHttpsMetadata = true;
            jwt.TokenValidationParameters.ValidAlgorithms = ProviderAlgorithms;
            jwt.AutomaticRefreshInterval = TimeSpan.FromMinutes(Math.Max(1, auth.MetadataRefreshMinutes));
            jwt.RefreshInterval = TimeSpan.FromSeconds(Math.Max(1, auth.KeyRefreshSeconds));
            // Only the keys the provider publishes now: no fallback to an earlier ("last known good") key set.
            jwt.TokenValidationParameters.ValidateWithLKG = false;
            // JwtBearer adds the metadata's issuer to any configured one; a configured issuer is meant to be the only one.
            if (auth.Issuer is { Length: > 0 } configured)
                jwt.TokenValidationParameters.IssuerValidator = (issuer, _, _) => issuer == configured
                    ? issuer
                    : throw new SecurityTokenInvalidIssuerException($"The token's issuer is not {configured} (Auth:Issuer).") { InvalidIssuer = issuer };
        }
        else
        {
            jwt.TokenValidationParameters.ValidIssuer = auth.SelfIssuer;
            jwt.TokenValidationParameters.IssuerSigningKey = SigningKey(auth);
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
    }

    /// <summary>
    /// JwtBearer keeps the last key set that worked and, when a token fails against the provider's current keys, tries
    /// it again with that one, for an hour by default: a key the provider withdrew (because it leaked, say) would go on
    /// being trusted. Only what the provider publishes now counts.
    /// </summary>
    private static void ForgetWithdrawnKeys(JwtBearerOptions jwt)
    {
        if (jwt.ConfigurationManager is BaseConfigurationManager manager) manager.UseLastKnownGoodConfiguration = false;
    }

    /// <summary>
    /// A provider whose metadata cannot be read (its certificate is not trusted, its address is wrong, it is down) makes
    /// every token fail with a message about the issuer: the log says what actually failed, once per failure.
    /// </summary>
    private static Task ExplainUnreadableMetadata(AuthenticationFailedContext context)
    {
        if (context.Exception is InvalidOperationException { InnerException: { } cause } && context.Options.Authority is { } authority)
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Authentication))
                .LogError("The OpenID Connect provider's metadata at {Authority} cannot be read, so no token can be validated: {Cause}",
                    authority, IdentityProviderHealthCheck.Innermost(cause).Message);
        return Task.CompletedTask;
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
