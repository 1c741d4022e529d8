using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Timpora.Api.Security;

/// <summary>
/// A provider's token, its identity claims renamed to the API's own (<c>sub</c>, <c>name</c>, <c>agency</c>,
/// <c>role</c>) from where <see cref="ClaimNames"/> says the provider puts them.
/// </summary>
public static class ProviderClaims
{
    public static ClaimsPrincipal AsTheApis(ClaimsPrincipal principal, ClaimNames names)
    {
        string[] own = [CurrentUser.UserIdClaim, CurrentUser.NameClaim, CurrentUser.AgencyClaim, CurrentUser.RoleClaim];
        var identity = new ClaimsIdentity(principal.Identity?.AuthenticationType, CurrentUser.NameClaim, CurrentUser.RoleClaim);
        identity.AddClaims(principal.Claims.Where(claim => !own.Contains(claim.Type)).Select(claim => claim.Clone()));
        foreach (var (type, path) in new[]
                 {
                     (CurrentUser.UserIdClaim, names.UserId), (CurrentUser.NameClaim, names.Name),
                     (CurrentUser.AgencyClaim, names.Agency), (CurrentUser.RoleClaim, names.Role),
                 })
            identity.AddClaims(Values(principal, path).Distinct(StringComparer.Ordinal).Select(value => new Claim(type, value)));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The values at <paramref name="path"/>: a claim's name, then, for a claim holding JSON, the keys into it.</summary>
    public static IEnumerable<string> Values(ClaimsPrincipal principal, string path)
    {
        var (claim, rest) = path.IndexOf('.') is var dot and > 0 ? (path[..dot], path[(dot + 1)..]) : (path, null);
        foreach (var found in principal.FindAll(claim))
        {
            if (rest is null)
            {
                yield return found.Value;
                continue;
            }

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(found.Value);
            }
            catch (JsonException)
            {
                continue;
            }

            foreach (var key in rest.Split('.')) node = node is JsonObject obj ? obj[key] : null;
            foreach (var value in node is JsonArray array ? array : [node])
                if (value is JsonValue text && text.TryGetValue<string>(out var s)) yield return s;
        }
    }
}
