using System.Diagnostics.CodeAnalysis;
using Timpora.Cases;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// Checks a request while reading it into a command. Each check records its field's errors (keyed by JSON path, the
/// shape of a 400's <c>errors</c>) and hands back the value it checked, so a slice builds its command in one expression
/// and never asserts that a field it validated is there: when any check failed, the command is thrown away unread.
/// </summary>
public sealed class Validation
{
    public const int ShortText = 200;
    public const int LongText = 4000;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public IResult Problem() => Problems.Validation(Errors);

    public Validation Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var messages)) _errors[path] = messages = [];
        messages.Add(message);
        return this;
    }

    public T Required<T>(string path, T? value) where T : struct
    {
        if (value is null) Add(path, "Required.");
        return value.GetValueOrDefault();
    }

    /// <summary>A part of the request that must be there, read by <paramref name="read"/> (with its own checks) when it is.</summary>
    public TOut Required<TIn, TOut>(string path, TIn? value, Func<TIn, TOut> read) where TIn : class
    {
        if (value is not null) return read(value);
        Add(path, "Required.");
        return default!;
    }

    /// <summary>Present, not blank, and at most <paramref name="maximumLength"/> characters; kept as written.</summary>
    public string RequiredText(string path, string? value, int maximumLength = ShortText)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(path, "Required.");
            return "";
        }

        Text(path, value, maximumLength);
        return value;
    }

    /// <summary>At most <paramref name="maximumLength"/> characters when present; kept as written.</summary>
    public string? Text(string path, string? value, int maximumLength = ShortText)
    {
        if (value is not null && value.Length > maximumLength) Add(path, $"At most {maximumLength} characters.");
        return value;
    }

    /// <summary>An ISO 3166-1 alpha-3 code or UNK, in capitals.</summary>
    public string? Nationality(string path, string? code)
    {
        if (code is null) return null;
        var upper = code.ToUpperInvariant();
        if (!Nationalities.IsValid(upper)) Add(path, "An ISO 3166-1 alpha-3 code (e.g. CHN), or UNK.");
        return upper;
    }

    public string RequiredNationality(string path, string? code)
    {
        if (code is null)
        {
            Add(path, "Required.");
            return "";
        }

        return Nationality(path, code)!;
    }

    public string Agency(string path, string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) Add(path, "Required.");
        else if (!Agencies.All.Contains(code)) Add(path, $"One of {string.Join(", ", Agencies.All.Order())}.");
        return code ?? "";
    }

    public double? Range(string path, double? value, double minimum, double maximum)
    {
        if (value is { } v && (double.IsNaN(v) || v < minimum || v > maximum)) Add(path, $"Between {minimum} and {maximum}.");
        return value;
    }

    public int? Range(string path, int? value, int minimum, int maximum)
    {
        if (value is { } v && (v < minimum || v > maximum)) Add(path, $"Between {minimum} and {maximum}.");
        return value;
    }

    public DateTimeOffset NotInFuture(string path, DateTimeOffset value, DateTimeOffset now, TimeSpan grace)
    {
        if (value > now + grace) Add(path, "Cannot be in the future.");
        return value;
    }

    /// <summary>Each item of an optional list, read by <paramref name="read"/> with the item's JSON path; a missing item is an error.</summary>
    public IReadOnlyList<TOut> Each<TIn, TOut>(string path, IReadOnlyList<TIn?>? items, Func<string, TIn, TOut> read) where TIn : class
    {
        var values = new List<TOut>();
        for (var i = 0; i < (items ?? []).Count; i++)
        {
            if (items?[i] is { } item) values.Add(read($"{path}[{i}]", item));
            else Add($"{path}[{i}]", "Required.");
        }

        return values;
    }

    /// <summary>The command <paramref name="read"/> builds while checking the request, or every error it found.</summary>
    public static Validated<T> Command<T>(Func<Validation, T> read)
    {
        var validation = new Validation();
        var value = read(validation);
        return validation.IsValid ? new Validated<T>(value, null) : new Validated<T>(default, validation);
    }
}

/// <summary>A request read into a command, or the validation that refused it (a 400).</summary>
public readonly record struct Validated<T>(T? Value, Validation? Errors)
{
    public static Validated<T> Refused(string path, string message) => new(default, new Validation().Add(path, message));

    public bool TryGet([MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out Validation? errors)
    {
        value = Value;
        errors = Errors;
        return errors is null;
    }
}
