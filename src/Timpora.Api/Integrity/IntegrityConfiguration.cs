using System.Text;
using Timpora.Cases.Integrity;

namespace Timpora.Api.Integrity;

/// <summary>
/// Configuration section <c>Integrity</c>: <c>Key</c> seals new events under <c>KeyId</c> (default <c>k1</c>);
/// after a rotation the old keys stay under <c>PreviousKeys:&lt;id&gt;</c> so the events they sealed still verify.
/// </summary>
public static class IntegrityConfiguration
{
    public const string Section = "Integrity";

    public static IntegrityKeys Keys(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var current = section["Key"];
        if (string.IsNullOrWhiteSpace(current) || Encoding.UTF8.GetByteCount(current) < IntegrityKeys.MinimumKeyBytes)
            throw new InvalidOperationException(
                $"Integrity:Key must be set to a secret of at least {IntegrityKeys.MinimumKeyBytes} bytes: it seals the case history. Keep it out of the database.");

        var keyId = section["KeyId"] is { Length: > 0 } id ? id : "k1";
        var keys = section.GetSection("PreviousKeys").GetChildren()
            .Where(k => !string.IsNullOrWhiteSpace(k.Value))
            .ToDictionary(k => k.Key, k => Encoding.UTF8.GetBytes(k.Value!));
        keys[keyId] = Encoding.UTF8.GetBytes(current);
        return new IntegrityKeys(keyId, keys);
    }
}
