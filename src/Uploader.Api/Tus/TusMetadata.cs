using System.Text;
using Uploader.Api.Problems;

namespace Uploader.Api.Tus;

/// <summary>
/// Upload-Metadata: comma-separated pairs of a key and its base64 value (or a key alone). The file is named by
/// <c>relative_path</c> (or Uppy's <c>relativePath</c>), else <c>filename</c> (or <c>name</c>).
/// </summary>
/// <remarks>
/// Uppy sends every meta field through String(), so a file without a folder arrives with relativePath "null"; and a
/// dropped folder's paths start with "/". Its relativePath is read with both in mind.
/// </remarks>
public sealed class TusMetadata
{
    private readonly Dictionary<string, string?> _pairs;

    private TusMetadata(Dictionary<string, string?> pairs) => _pairs = pairs;

    public string? FileName => Value("filename") ?? Value("name");

    public string? RelativePath => Value("relative_path") ?? UppyRelativePath(Value("relativePath"));

    private static string? UppyRelativePath(string? value) =>
        value is null or "null" || value.TrimStart('/').Length == 0 ? null : value.TrimStart('/');

    private string? Value(string key) => _pairs.GetValueOrDefault(key) is { Length: > 0 } value ? value : null;

    /// <exception cref="MalformedRequestException">A pair is not a key and base64 UTF-8, or a key repeats.</exception>
    public static TusMetadata Parse(string? header)
    {
        var pairs = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(header))
        {
            return new TusMetadata(pairs);
        }

        foreach (var pair in header.Split(','))
        {
            var parts = pair.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is 0 or > 2 || parts[0].Any(c => c is < '!' or > '~'))
            {
                throw Malformed($"'{pair.Trim()}' is not a key and a base64 value");
            }

            string? value = null;
            if (parts.Length == 2)
            {
                try
                {
                    value = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(parts[1]));
                }
                catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
                {
                    throw Malformed($"the value of '{parts[0]}' is not base64 of UTF-8 text");
                }
            }

            if (!pairs.TryAdd(parts[0], value))
            {
                throw Malformed($"'{parts[0]}' is given twice");
            }
        }

        return new TusMetadata(pairs);
    }

    private static MalformedRequestException Malformed(string reason) =>
        new(TusHeaders.UploadMetadata, $"{TusHeaders.UploadMetadata}: {reason}.");
}
