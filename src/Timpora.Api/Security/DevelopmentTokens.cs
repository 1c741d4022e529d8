using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace Timpora.Api.Security;

/// <summary>Mints HS256 tokens with the configured key: for development, demos and tests, never for production users.</summary>
public static class DevelopmentTokens
{
    public static string Mint(AuthOptions auth, string userId, string name, string agency, IEnumerable<string> roles,
        TimeSpan lifetime, DateTimeOffset now)
    {
        var claims = new List<Claim>
        {
            new(CurrentUser.UserIdClaim, userId),
            new(CurrentUser.NameClaim, name),
            new(CurrentUser.AgencyClaim, agency),
        };
        claims.AddRange(roles.Select(role => new Claim(CurrentUser.RoleClaim, role)));

        var token = new JwtSecurityToken(
            issuer: auth.SelfIssuer,
            audience: auth.Audience,
            claims: claims,
            notBefore: now.UtcDateTime,
            expires: (now + lifetime).UtcDateTime,
            signingCredentials: new SigningCredentials(Authentication.SigningKey(auth), SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
