using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Timpora.Api.Security;

/// <summary>
/// Readiness with an OpenID Connect provider: a node that cannot read the provider's metadata and keys would refuse every
/// token, so it is not ready, and says why (an untrusted certificate, a wrong address, the provider down).
/// </summary>
public sealed class IdentityProviderHealthCheck(IOptions<AuthOptions> auth, IOptionsMonitor<JwtBearerOptions> jwt) : IHealthCheck
{
    public const string Name = "identity-provider";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!auth.Value.UsesAuthority) return HealthCheckResult.Healthy("Tokens are signed with the configured key.");
        var options = jwt.Get(JwtBearerDefaults.AuthenticationScheme);
        if (options.ConfigurationManager is not { } manager) return HealthCheckResult.Unhealthy("No OpenID Connect configuration manager.");
        try
        {
            var configuration = await manager.GetConfigurationAsync(cancellationToken);
            return configuration.SigningKeys.Count > 0
                ? HealthCheckResult.Healthy($"{configuration.SigningKeys.Count} signing key(s) from {configuration.Issuer}.")
                : HealthCheckResult.Unhealthy($"The provider at {options.Authority} publishes no signing key.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy(
                $"The OpenID Connect provider's metadata at {options.Authority} cannot be read: {Innermost(exception).Message}");
        }
    }

    public static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner) exception = inner;
        return exception;
    }
}
