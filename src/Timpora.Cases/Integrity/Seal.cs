using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Timpora.Cases.Integrity;

/// <summary>
/// The seal of one event: HMAC-SHA256 over the previous event's seal, the stream id, the version, the event
/// type, the event's canonical JSON, the actor and the timestamp. Each event's seal covers its predecessor's,
/// so a changed, removed or reordered event breaks every seal from it onwards.
/// </summary>
public static class Seal
{
    /// <summary>The "previous seal" of a stream's first event.</summary>
    public const string Genesis = "";

    public const string Header = "seal";
    public const string KeyHeader = "sealKey";

    public sealed record Subject(
        string PreviousSeal,
        Guid StreamId,
        long Version,
        string EventType,
        string CanonicalData,
        string? UserId,
        string? UserName,
        string? Agency,
        string? Role,
        DateTimeOffset Timestamp);

    public static string Compute(byte[] key, Subject subject)
    {
        var message = new StringBuilder();
        void Field(string? value) => message.Append(value?.Length ?? -1).Append(':').Append(value).Append('\n');

        Field(subject.PreviousSeal);
        Field(subject.StreamId.ToString("D"));
        Field(subject.Version.ToString(CultureInfo.InvariantCulture));
        Field(subject.EventType);
        Field(subject.CanonicalData);
        Field(subject.UserId);
        Field(subject.UserName);
        Field(subject.Agency);
        Field(subject.Role);
        Field(Instant(subject.Timestamp));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message.ToString())));
    }

    public static bool Matches(string? stored, string expected) =>
        stored is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(expected));

    /// <summary>PostgreSQL keeps timestamps to the microsecond: seal exactly what it stores.</summary>
    public static DateTimeOffset Storable(DateTimeOffset timestamp) =>
        new(timestamp.UtcTicks - timestamp.UtcTicks % 10, TimeSpan.Zero);

    private static string Instant(DateTimeOffset timestamp) =>
        Storable(timestamp).UtcTicks.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The same JSON however it was stored: object keys in ordinal order, no white space, strings escaped one
    /// way, numbers as written. PostgreSQL's jsonb reorders keys and respaces, so the text read back differs
    /// from the text written while meaning the same.
    /// </summary>
    public static string Canonical(string json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(writer, document.RootElement);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
