using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Uploader.Api.Configuration;

/// <summary>One raw value, from config.json or from an UPLOADER_* variable, read as the type its key needs.</summary>
internal readonly struct SettingValue(string key, JsonElement? json, string? text)
{
    public static SettingValue FromJson(string key, JsonElement value) => new(key, value, null);

    public static SettingValue FromEnvironment(string key, string value) => new(key, null, value);

    public string String()
    {
        if (text is not null)
        {
            return text;
        }

        return json!.Value.ValueKind == JsonValueKind.String
            ? json.Value.GetString()!
            : throw Invalid("expected a string");
    }

    public long Integer(long min, long max)
    {
        long value;
        if (json is { ValueKind: JsonValueKind.Number } number)
        {
            if (!number.TryGetInt64(out value))
            {
                throw Invalid("expected a whole number");
            }
        }
        else if (!long.TryParse(text ?? (json?.ValueKind == JsonValueKind.String ? json.Value.GetString() : null),
                     NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            throw Invalid("expected a whole number");
        }

        return value < min || value > max ? throw Invalid($"must be between {min} and {max}, got {value}") : value;
    }

    public int Int(int min, int max) => (int)Integer(min, max);

    public bool Boolean()
    {
        if (json is { ValueKind: JsonValueKind.True or JsonValueKind.False } flag)
        {
            return flag.GetBoolean();
        }

        var raw = text ?? (json?.ValueKind == JsonValueKind.String ? json.Value.GetString() : null);
        return raw?.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw Invalid("expected true or false"),
        };
    }

    /// <summary>A JSON array of strings, or in the environment a comma-separated list.</summary>
    public IReadOnlyList<string> StringList()
    {
        if (text is not null)
        {
            return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        if (json!.Value.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("expected an array of strings");
        }

        var items = new List<string>();
        foreach (var item in json.Value.EnumerateArray())
        {
            items.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Invalid("expected an array of strings"));
        }

        return items;
    }

    public T OneOf<T>(IReadOnlyDictionary<string, T> choices)
    {
        var raw = String().Trim().ToLowerInvariant();
        return choices.TryGetValue(raw, out var value)
            ? value
            : throw Invalid($"expected one of {string.Join(", ", choices.Keys)}, got '{raw}'");
    }

    public string Address()
    {
        var raw = String().Trim();
        return raw == "localhost" || IPAddress.TryParse(raw, out _) ? raw : throw Invalid($"'{raw}' is not an IP address");
    }

    public SettingsException Invalid(string reason) => new(key, reason);
}
