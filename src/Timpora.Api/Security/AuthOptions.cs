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

    public string Issuer { get; set; } = "timpora";

    public string Audience { get; set; } = "timpora-api";

    /// <summary>An OpenID Connect authority; when set, tokens are validated against its published keys instead.</summary>
    public string? Authority { get; set; }

    public bool UsesAuthority => !string.IsNullOrWhiteSpace(Authority);

    public bool HasUsableKey => SigningKey is not null && Encoding.UTF8.GetByteCount(SigningKey) >= MinimumKeyBytes;

    /// <summary>Checked at start-up, so a misconfigured node never starts instead of answering 500 to its first request.</summary>
    public bool IsComplete => UsesAuthority
        ? Uri.TryCreate(Authority, UriKind.Absolute, out var authority) && authority.Scheme == Uri.UriSchemeHttps
        : HasUsableKey;
}
