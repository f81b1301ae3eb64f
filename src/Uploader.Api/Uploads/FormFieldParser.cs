using System.Globalization;
using FluentValidation;
using FluentValidation.Results;

namespace Uploader.Api.Uploads;

/// <summary>
/// Parses form fields, collecting every missing or malformed one so the answer lists them all. A required field
/// that fails parses as its default, never seen: <see cref="ThrowIfAnyFailed"/> refuses the request first.
/// </summary>
internal sealed class FormFieldParser
{
    private readonly List<ValidationFailure> _failures = [];

    public int? Int(string name, string? raw) =>
        Long(name, raw) is { } value
            ? value is >= int.MinValue and <= int.MaxValue ? (int)value : Fail<int>(name, raw)
            : null;

    public long? Long(string name, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        return long.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : Fail<long>(name, raw);
    }

    /// <summary>true or false in any case; a missing field is false.</summary>
    public bool Bool(string name, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }

        if (bool.TryParse(raw.Trim(), out var value))
        {
            return value;
        }

        _failures.Add(new ValidationFailure(name, $"'{name}' must be true or false, got '{Truncate(raw)}'."));
        return false;
    }

    public static string? Text(string? raw) => string.IsNullOrEmpty(raw) ? null : raw;

    public string RequiredText(string name, string? raw) => Text(raw) ?? Absent(name, string.Empty);

    public int RequiredInt(string name, string? raw) => Present(name, raw) ? Int(name, raw) ?? 0 : 0;

    public long RequiredLong(string name, string? raw) => Present(name, raw) ? Long(name, raw) ?? 0 : 0;

    /// <summary>Records a required part or field that the request lacks.</summary>
    public void Missing(string name, string message) => _failures.Add(new ValidationFailure(name, message));

    public bool HasFailures => _failures.Count > 0;

    public ValidationException Failure() => new(_failures);

    public void ThrowIfAnyFailed()
    {
        if (HasFailures)
        {
            throw Failure();
        }
    }

    private bool Present(string name, string? raw)
    {
        if (!string.IsNullOrWhiteSpace(raw))
        {
            return true;
        }

        return Absent(name, false);
    }

    private T Absent<T>(string name, T value)
    {
        _failures.Add(new ValidationFailure(name, $"'{name}' must not be empty."));
        return value;
    }

    private T? Fail<T>(string name, string? raw)
        where T : struct
    {
        _failures.Add(new ValidationFailure(name, $"'{name}' must be a whole number, got '{Truncate(raw)}'."));
        return null;
    }

    private static string Truncate(string? raw) => raw is { Length: > 40 } ? raw[..40] + "…" : raw ?? string.Empty;
}
