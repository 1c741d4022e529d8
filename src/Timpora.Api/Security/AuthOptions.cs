namespace Timpora.Api.Security;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>HS256 key for tokens this deployment issues itself (development, tests). At least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "timpora";

    public string Audience { get; set; } = "timpora-api";

    /// <summary>An OpenID Connect authority; when set, tokens are validated against its published keys instead.</summary>
    public string? Authority { get; set; }
}
