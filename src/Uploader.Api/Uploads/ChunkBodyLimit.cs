using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Uploader.Api.Contracts;
using Uploader.Application.Policies;

namespace Uploader.Api.Uploads;

/// <summary>
/// The one owner of how large an upload_chunk body may be: the largest chunk (max_chunk_size) plus room for the
/// metadata parts and the multipart framing. Every other body stays below the server-wide limit.
/// </summary>
public sealed class ChunkBodyLimit(UploadPolicy policy)
{
    /// <summary>Room for the metadata parts and multipart framing on top of the largest chunk.</summary>
    public const long FormOverhead = 1024 * 1024;

    public long Bytes => policy.MaxChunkSize + FormOverhead;

    /// <summary>Raises Kestrel's body limit of this request to <see cref="Bytes"/>; a body read past it fails with a 413.</summary>
    public void Apply(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var feature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = Bytes;
        }
    }

    /// <summary>
    /// Why a request whose Content-Length is over the limit already is refused (413 chunk_too_large), or null. A body without a
    /// Content-Length (chunked) cannot pass it unnoticed either: its chunk part is cut at max_chunk_size, and the
    /// reader's caps on the other parts keep them far below the rest.
    /// </summary>
    /// <summary>Where a client refused for a chunk's size learns the size to use.</summary>
    public const string LimitsHint = $"(GET {BasePath.Absolute}/limits names max_chunk_size)";

    public string? Refusal(long? contentLength) =>
        contentLength > Bytes
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"The request's Content-Length is {contentLength} bytes; upload_chunk takes at most {Bytes} bytes: the chunk up to max_chunk_size ({policy.MaxChunkSize} bytes) plus {FormOverhead} bytes for the other fields and the multipart framing. Send smaller chunks {LimitsHint}.")
            : null;
}
