using System.Globalization;
using FluentValidation;
using FluentValidation.Results;

namespace Uploader.Api.Uploads;

/// <summary>
/// Parses numeric form fields, collecting every malformed one so the answer lists them all. A missing
/// field stays null: the command's validator reports it alongside the others.
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

    public void ThrowIfAnyFailed()
    {
        if (_failures.Count > 0)
        {
            throw new ValidationException(_failures);
        }
    }

    private T? Fail<T>(string name, string? raw)
        where T : struct
    {
        _failures.Add(new ValidationFailure(name, $"'{name}' must be a whole number, got '{Truncate(raw)}'."));
        return null;
    }

    private static string Truncate(string? raw) => raw is { Length: > 40 } ? raw[..40] + "…" : raw ?? string.Empty;
}
