using Timpora.Cases;

namespace Timpora.Api.Infrastructure;

/// <summary>Collects field errors keyed by JSON path, the shape of a 400's <c>errors</c>.</summary>
public sealed class Validation
{
    public const int ShortText = 200;
    public const int LongText = 4000;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    /// <summary>Validates a request body, or says that it is missing.</summary>
    public static Validation Of<T>(T? body, Func<T, Validation> validate) where T : class =>
        body is null ? new Validation().Add("body", "A request body is required.") : validate(body);

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public IResult Problem() => Problems.Validation(Errors);

    public Validation Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var messages)) _errors[path] = messages = [];
        messages.Add(message);
        return this;
    }

    public Validation Required<T>(string path, T? value) where T : struct =>
        value is null ? Add(path, "Required.") : this;

    public Validation Required(string path, object? value) =>
        value is null ? Add(path, "Required.") : this;

    public Validation RequiredText(string path, string? value, int maximumLength = ShortText) =>
        string.IsNullOrWhiteSpace(value) ? Add(path, "Required.") : Text(path, value, maximumLength);

    public Validation Text(string path, string? value, int maximumLength = ShortText) =>
        value is not null && value.Length > maximumLength ? Add(path, $"At most {maximumLength} characters.") : this;

    public Validation Nationality(string path, string? code, bool required = false)
    {
        if (code is null) return required ? Add(path, "Required.") : this;
        return Nationalities.IsValid(code.ToUpperInvariant()) ? this : Add(path, "An ISO 3166-1 alpha-3 code (e.g. CHN), or UNK.");
    }

    public Validation Agency(string path, string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return Add(path, "Required.");
        return Agencies.All.Contains(code) ? this : Add(path, $"One of {string.Join(", ", Agencies.All.Order())}.");
    }

    public Validation Range(string path, double? value, double minimum, double maximum) =>
        value is { } v && (double.IsNaN(v) || v < minimum || v > maximum) ? Add(path, $"Between {minimum} and {maximum}.") : this;

    public Validation NotInFuture(string path, DateTimeOffset? value, DateTimeOffset now, TimeSpan grace) =>
        value is { } v && v > now + grace ? Add(path, "Cannot be in the future.") : this;
}
