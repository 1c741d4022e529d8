using System.Text;

namespace Timpora.Api.Security;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public const int MinimumKeyBytes = 32;

    public const string MissingKey =
        "Auth:SigningKey must be set to at least 32 bytes, or Auth:Authority to the https address of an OpenID Connect provider.";

    /// <summary>HS256 key for tokens this deployment issues itself (development, tests). At least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The issuer of self-issued tokens; with an <see cref="Authority"/>, when set, the only issuer accepted
    /// (instead of the one the provider's metadata names, e.g. a provider reached under another host name).</summary>
    public string? Issuer { get; set; }

    public const string DefaultIssuer = "timpora";

    /// <summary>The issuer that self-issued tokens carry and are checked for.</summary>
    public string SelfIssuer => Issuer ?? DefaultIssuer;

    public string Audience { get; set; } = "timpora-api";

    /// <summary>An OpenID Connect authority; when set, tokens are validated against its published keys instead.</summary>
    public string? Authority { get; set; }

    public bool UsesAuthority => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>
    /// The least time between two fetches of the provider's keys that an unknown key id asks for. Anyone can send a
    /// token naming an unknown key, so each such token cannot be a fetch; a legitimate new key is trusted at most this
    /// long after its first token (a provider that publishes its next key ahead of use avoids even that).
    /// </summary>
    public int KeyRefreshSeconds { get; set; } = 30;

    /// <summary>How often the provider's metadata and keys are read again regardless: a withdrawn key is refused from then on.</summary>
    public int MetadataRefreshMinutes { get; set; } = 10;

    /// <summary>Where the token carries the user's id, name, agency and roles.</summary>
    public ClaimNames Claims { get; set; } = new();

    public bool HasUsableKey => SigningKey is not null && Encoding.UTF8.GetByteCount(SigningKey) >= MinimumKeyBytes;

    /// <summary>Checked at start-up, so a misconfigured node never starts instead of answering 500 to its first request.</summary>
    public bool IsComplete => UsesAuthority
        ? Uri.TryCreate(Authority, UriKind.Absolute, out var authority) && authority.Scheme == Uri.UriSchemeHttps
        : HasUsableKey;
}

/// <summary>
/// The claims a provider puts the user's identity in (configuration <c>Auth:Claims</c>). A name with dots is a path into a
/// claim that holds JSON: Keycloak's realm roles are <c>realm_access.roles</c>. A claim that holds several values (a JSON
/// array) gives each.
/// </summary>
public sealed class ClaimNames
{
    public string UserId { get; set; } = CurrentUser.UserIdClaim;

    public string Name { get; set; } = CurrentUser.NameClaim;

    public string Agency { get; set; } = CurrentUser.AgencyClaim;

    public string Role { get; set; } = CurrentUser.RoleClaim;

    public bool AreTheApisOwn =>
        UserId == CurrentUser.UserIdClaim && Name == CurrentUser.NameClaim && Agency == CurrentUser.AgencyClaim && Role == CurrentUser.RoleClaim;
}
