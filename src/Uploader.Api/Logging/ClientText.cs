using System.Buffers;
using System.Globalization;
using System.Text;

namespace Uploader.Api.Logging;

/// <summary>
/// Text a client may have written, made safe for a line-based log: nothing in it can end the line, start a
/// forged one, move a terminal's cursor or turn text around. CR, LF and tab read as `\r` `\n` `\t`; other C0
/// and C1 controls and DEL as `\xNN`; line and paragraph separators and invisible format characters (bidi
/// overrides among them) as `\uNNNN`. Everything else, backslashes included, is left as it is.
/// </summary>
public static class ClientText
{
    /// <summary>Every UTF-16 unit that needs an escape, so that clean text costs one vectorised scan.</summary>
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        [.. Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i).Where(NeedsEscape)]);

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.AsSpan().IndexOfAny(Unsafe);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            _ = c switch
            {
                _ when !Unsafe.Contains(c) => escaped.Append(c),
                '\r' => escaped.Append(@"\r"),
                '\n' => escaped.Append(@"\n"),
                '\t' => escaped.Append(@"\t"),
                <= '\u00ff' => escaped.Append(CultureInfo.InvariantCulture, $@"\x{(int)c:x2}"),
                _ => escaped.Append(CultureInfo.InvariantCulture, $@"\u{(int)c:x4}"),
            };
        }

        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Format;
}
