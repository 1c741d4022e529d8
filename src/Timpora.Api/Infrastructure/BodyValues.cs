using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// Values no request body may hold, refused as the body is read (400 naming the field), before anything reaches the
/// database: a date or an instant outside the years a case can concern (<see cref="Earliest"/> to <see cref="Latest"/>;
/// the calendar's own ends would overflow the arithmetic of deadlines and time zones), and text holding U+0000, which
/// PostgreSQL cannot store. Only the API's bodies are checked; stored events are read as they are.
/// </summary>
public static class BodyValues
{
    public static readonly DateOnly Earliest = new(1900, 1, 1), Latest = new(2999, 12, 31);

    public static readonly string DateRule =
        string.Create(CultureInfo.InvariantCulture, $"A date from {Earliest:yyyy-MM-dd} to {Latest:yyyy-MM-dd}.");

    public const string TextRule = "Text may not hold the character U+0000.";

    public static void Add(JsonSerializerOptions json)
    {
        json.Converters.Add(new Dates());
        json.Converters.Add(new Instants());
        json.Converters.Add(new Texts());
    }

    /// <summary>
    /// A value a body may not hold. The serializer sets the path of its field after the converter throws, and the
    /// message names it as the serializer's own messages do (<c>Path: $.dueBy</c>), so whoever answers the request can name the field.
    /// </summary>
    public sealed class Refused(string rule) : JsonException(rule)
    {
        public string Rule { get; } = rule;

        public override string Message => Path is null ? Rule : $"{Rule} Path: {Path}";
    }

    /// <summary>The rule a refusal's message states, if it is one of these.</summary>
    public static string? RuleIn(string? message) =>
        message is null ? null : new[] { DateRule, TextRule }.FirstOrDefault(rule => message.StartsWith(rule, StringComparison.Ordinal));

    private static JsonConverter<T> Default<T>() => (JsonConverter<T>)JsonSerializerOptions.Default.GetConverter(typeof(T));

    private sealed class Dates : JsonConverter<DateOnly>
    {
        private static readonly JsonConverter<DateOnly> Inner = Default<DateOnly>();

        public override DateOnly Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options)
        {
            var date = Inner.Read(ref reader, type, options);
            return date >= Earliest && date <= Latest ? date : throw new Refused(DateRule);
        }

        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) => Inner.Write(writer, value, options);
    }

    private sealed class Instants : JsonConverter<DateTimeOffset>
    {
        private static readonly JsonConverter<DateTimeOffset> Inner = Default<DateTimeOffset>();

        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options)
        {
            var instant = Inner.Read(ref reader, type, options);
            var day = DateOnly.FromDateTime(instant.UtcDateTime);
            return day >= Earliest && day <= Latest ? instant : throw new Refused(DateRule);
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => Inner.Write(writer, value, options);
    }

    private sealed class Texts : JsonConverter<string>
    {
        private static readonly JsonConverter<string> Inner = Default<string>();

        public override string? Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options)
        {
            var text = Inner.Read(ref reader, type, options);
            return text is not null && text.Contains('\0') ? throw new Refused(TextRule) : text;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => Inner.Write(writer, value, options);
    }
}
