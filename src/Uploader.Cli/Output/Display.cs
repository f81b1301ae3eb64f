using System.Globalization;
using Uploader.Cli.Parsing;

namespace Uploader.Cli.Output;

/// <summary>How times, rates and percentages read in text output; invariant so scripts see the same text everywhere.</summary>
internal static class Display
{
    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Percent(double percent) => string.Create(CultureInfo.InvariantCulture, $"{percent:0.##}%");

    public static string Rate(double bytesPerSecond) => $"{ByteSize.Format((long)bytesPerSecond)}/s";

    public static string Bytes(long bytes) => ByteSize.Format(bytes);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A missing value as "-", and a multi-line one (an exception text in last_error) on one line.</summary>
    public static string OrDash(string? text) => string.IsNullOrEmpty(text) ? "-" : text.ReplaceLineEndings(" ");
}
