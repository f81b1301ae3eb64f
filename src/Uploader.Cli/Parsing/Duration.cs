using System.Globalization;

namespace Uploader.Cli.Parsing;

/// <summary>Durations as people write them: <c>250ms</c>, <c>2s</c>, <c>1.5s</c>, <c>5m</c>, or plain seconds.</summary>
internal static class Duration
{
    private static readonly (string Suffix, double Milliseconds)[] Units =
        [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000)];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var trimmed = text.Trim();
        var milliseconds = 1_000d;
        foreach (var (suffix, unitMilliseconds) in Units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                trimmed = trimmed[..^suffix.Length].TrimEnd();
                milliseconds = unitMilliseconds;
                break;
            }
        }

        if (!double.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || double.IsInfinity(number * milliseconds))
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(number * milliseconds);
        return true;
    }

    public static string Format(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0} ms"),
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.0} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes}m{duration.Seconds:00}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h{duration.Minutes:00}m"),
    };
}
