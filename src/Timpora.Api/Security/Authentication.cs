using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Timpora.Api.Security;

public static class Authentication
{
    public static IServiceCollection AddCasesAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            // Keep the token's own claim names (sub, name, agency, role) instead of the legacy SOAP URIs.
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuer = auth.Issuer,
                ValidateAudience = true,
                ValidAudience = auth.Audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = CurrentUser.NameClaim,
                RoleClaimType = CurrentUser.RoleClaim,
            };

            if (!string.IsNullOrWhiteSpace(auth.Authority))
            {
                jwt.Authority = auth.Authority;
            }
            else
            {
                var key = SigningKey(auth);
                jwt.TokenValidationParameters.IssuerSigningKey = key;
                jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            }
        });

        services.AddAuthorization();
        return services;
    }

    public static SymmetricSecurityKey SigningKey(AuthOptions auth)
    {
        if (string.IsNullOrWhiteSpace(auth.SigningKey) || Encoding.UTF8.GetByteCount(auth.SigningKey) < 32)
            throw new InvalidOperationException(
                "Auth:SigningKey must be set to at least 32 bytes (or Auth:Authority to an OpenID Connect provider).");
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.SigningKey));
    }
}
