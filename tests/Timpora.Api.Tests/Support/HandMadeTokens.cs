using System.Text;
using System.Text.Json;
using Timpora.Api.Security;

namespace Timpora.Api.Tests.Support;

/// <summary>
/// JWTs written by hand, to be sent with <see cref="Http.Send"/>'s <c>token</c>. Their lifetimes are told by the
/// machine's clock, not the test clock: the JWT bearer handler checks <c>nbf</c> and <c>exp</c> against the machine's
/// clock (its <c>TokenValidationParameters</c> are given no <see cref="TimeProvider"/>), so a token dated by a moved
/// test clock would be refused for its dates.
/// </summary>
public static class HandMadeTokens
{
    /// <summary>
    /// A JWT with the given header and claims, signed with HS256 under <paramref name="key"/>, or unsigned (an empty
    /// signature) when there is no key, as an attacker writes an <c>alg: none</c> token.
    /// </summary>
    public static string Token(object header, object claims, string? key)
    {
        var signingInput = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        if (key is null) return signingInput + ".";
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(key));
        return signingInput + "." + Base64Url(hmac.ComputeHash(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>The claims a valid token of <paramref name="user"/> carries, valid from a minute ago for an hour.</summary>
    public static Dictionary<string, object> ClaimsOf(User user, AuthOptions auth)
    {
        var now = DateTimeOffset.UtcNow;
        return new Dictionary<string, object>
        {
            ["sub"] = user.UserId,
            ["name"] = user.Name,
            ["agency"] = user.Agency,
            ["role"] = user.Roles,
            ["iss"] = auth.SelfIssuer,
            ["aud"] = auth.Audience,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
