using System.Globalization;
using System.Text;
using Uploader.Domain.Errors;

namespace Uploader.Domain.Tasks;

/// <summary>
/// A file's place under the merged folder, as '/'-separated segments that can never leave that folder
/// on any operating system: no absolute or drive-rooted form, no '.' or '..', no backslash, no control
/// or look-alike separator characters, no reserved device names.
/// </summary>
public sealed record RelativeFilePath
{
    /// <summary>
    /// Characters in the whole path. At most 3 UTF-8 bytes per character (4 per surrogate pair), so a path within it
    /// is always under Linux's PATH_MAX of 4096 bytes: the byte limit needs no check of its own.
    /// </summary>
    public const int MaxLength = 1024;

    /// <summary>UTF-8 bytes in one segment: file systems limit a name in bytes (NAME_MAX), not in characters.</summary>
    public const int MaxSegmentLength = 255;

    /// <summary>
    /// The prefix of the names the server gives its own files in the folders it shares with merged files (merge temp
    /// files, health probes): a client's name with it would be taken for one of them and swept away.
    /// </summary>
    public const string ReservedPrefix = ".uploader-";

    // Windows device names, including the superscript-digit forms Windows also treats as devices.
    private static readonly string[] ReservedNames =
        ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
         "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
         "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3"];

    // Characters that render as a slash and that some tools normalise into one.
    private static readonly char[] SlashLookAlikes = ['\u2215', '\u2044', '\uFF0F', '\u29F8', '\u2571', '\\'];

    private RelativeFilePath(string value) => Value = value;

    public string Value { get; }

    public string FileName => Value[(Value.LastIndexOf('/') + 1)..];

    /// <summary>Lower-case extension with its dot, or empty.</summary>
    public string Extension
    {
        get
        {
            var dot = FileName.LastIndexOf('.');
            return dot <= 0 ? string.Empty : FileName[dot..].ToLowerInvariant();
        }
    }

    public static RelativeFilePath Parse(string? value, PathField field = PathField.RelativePath)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidPath(field, "it is empty");
        }

        if (value.Length > MaxLength)
        {
            throw new InvalidPath(field, $"it is longer than {MaxLength} characters");
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                throw new InvalidPath(field, "it contains an unpaired surrogate, which has no file-system spelling");
            }

            if (char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                throw new InvalidPath(field, "it contains a control character");
            }

            if (Array.IndexOf(SlashLookAlikes, c) >= 0)
            {
                throw new InvalidPath(field, $"it contains '{c}', which is or looks like a path separator");
            }
        }

        if (value.StartsWith('/'))
        {
            throw new InvalidPath(field, "it is absolute");
        }

        if (value.Length >= 2 && char.IsAsciiLetter(value[0]) && value[1] == ':')
        {
            throw new InvalidPath(field, "it starts with a drive letter");
        }

        foreach (var segment in value.Split('/'))
        {
            CheckSegment(segment, field);
        }

        return new RelativeFilePath(value);
    }

    /// <summary>Parses a bare file name: one segment, no separators.</summary>
    public static RelativeFilePath ParseFileName(string? value, PathField field = PathField.FileName)
    {
        if (value is not null && value.Contains('/', StringComparison.Ordinal))
        {
            throw new InvalidPath(field, "a file name cannot contain '/'");
        }

        return Parse(value, field);
    }

    /// <summary>This path with its last segment replaced by <paramref name="fileName"/>: the same folder, another name.</summary>
    public RelativeFilePath WithFileName(RelativeFilePath fileName)
    {
        var folder = Value.LastIndexOf('/');
        return folder < 0 ? fileName : Parse($"{Value[..(folder + 1)]}{fileName.Value}");
    }

    public override string ToString() => Value;

    private static void CheckSegment(string segment, PathField field)
    {
        if (segment.Length == 0)
        {
            throw new InvalidPath(field, "it has an empty segment");
        }

        if (segment is "." or "..")
        {
            throw new InvalidPath(field, $"it contains a '{segment}' segment");
        }

        if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentLength)
        {
            throw new InvalidPath(field, $"a segment is longer than {MaxSegmentLength} bytes in UTF-8");
        }

        if (segment.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidPath(field, $"segment '{segment}' starts with '{ReservedPrefix}', which the server keeps for its own files");
        }

        if (segment.EndsWith('.') || segment.EndsWith(' ') || segment.Contains(':', StringComparison.Ordinal))
        {
            throw new InvalidPath(field, $"segment '{segment}' ends with a dot or space or contains ':'");
        }

        var stem = segment.Split('.')[0].TrimEnd();
        if (ReservedNames.Contains(stem, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidPath(field, $"'{segment}' is a reserved device name");
        }
    }
}
