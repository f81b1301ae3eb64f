using System.CommandLine.Parsing;

namespace Uploader.Cli.Parsing;

/// <summary>CustomParser bodies for options whose values are sizes, durations, URLs or bounded numbers.</summary>
internal static class OptionParsers
{
    public static long? Size(ArgumentResult result)
    {
        var text = result.Tokens[0].Value;
        if (ByteSize.TryParse(text, out var bytes) && bytes > 0)
        {
            return bytes;
        }

        result.AddError($"'{text}' is not a size; write it like 8MiB, 512KiB, 1GiB or a number of bytes.");
        return null;
    }

    public static TimeSpan? Duration(ArgumentResult result)
    {
        var text = result.Tokens[0].Value;
        if (Parsing.Duration.TryParse(text, out var duration))
        {
            return duration;
        }

        result.AddError($"'{text}' is not a duration; write it like 250ms, 2s, 1.5s or 5m.");
        return null;
    }

    public static Uri? ServerUrl(ArgumentResult result)
    {
        var text = result.Tokens[0].Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        result.AddError($"'{text}' is not an http:// or https:// URL.");
        return null;
    }

    public static Func<ArgumentResult, int> IntAtLeast(int minimum) => result =>
    {
        var text = result.Tokens[0].Value;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= minimum)
        {
            return value;
        }

        result.AddError($"'{text}' is not a whole number of at least {minimum}.");
        return minimum;
    };
}
