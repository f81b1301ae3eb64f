using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Uploader.Api.Uploads;

/// <summary>The headers of one multipart part, names case-insensitive; a repeated header keeps all its values.</summary>
internal sealed class MultipartPartHeaders(IReadOnlyDictionary<string, StringValues> headers)
{
    /// <summary>The Content-Disposition header, its values joined with commas if it was repeated; null without one.</summary>
    public string? ContentDisposition =>
        headers.TryGetValue(HeaderNames.ContentDisposition, out var values) ? values.ToString() : null;

    /// <summary>What the headers weigh against the body's metadata budget: name, value and 4 bytes of framing each.</summary>
    public long MetadataBytes => headers.Sum(h => h.Key.Length + h.Value.ToString().Length + 4);
}
