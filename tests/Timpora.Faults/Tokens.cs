using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Timpora.Faults;

/// <summary>
/// HS256 tokens as the Development API accepts them (the key in src/Timpora.Api/appsettings.Development.json), minted
/// here so the client needs nothing of the API's code.
/// </summary>
public static class Tokens
{
    private const string DevelopmentKey = "timpora-development-signing-key-not-for-production-use";

    public static string Investigator(string? signingKey = null) =>
        Mint(signingKey ?? Environment.GetEnvironmentVariable("Auth__SigningKey") ?? DevelopmentKey,
            "fault-inv", "Fault Injector", "IMIGRASI", "investigator");

    private static string Mint(string key, string userId, string name, string agency, string role)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = userId, ["name"] = name, ["agency"] = agency, ["role"] = role,
            ["iss"] = "timpora", ["aud"] = "timpora-api", ["iat"] = now, ["nbf"] = now, ["exp"] = now + 3600,
        }));
        var signature = Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
