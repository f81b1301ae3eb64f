using System.Buffers;
using System.Globalization;
using System.Text;
using MinDataRate = Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Net.Http.Headers;
using Uploader.Api.Configuration;
using Uploader.Api.Contracts;
using Uploader.Api.Problems;
using Uploader.Application.Policies;
using Uploader.Application.Ports;

namespace Uploader.Api.Uploads;

/// <summary>
/// Reads a multipart upload_chunk body part by part, straight from the request's pipe (<see cref="MultipartBodyParser"/>).
/// The file part is streamed into the chunk storage's staging area (never into memory whole), so metadata parts may
/// come before or after it.
/// </summary>
public sealed partial class ChunkUploadFormReader(
    IChunkStaging staging,
    UploadPolicy policy,
    ChunkBodyLimit bodyLimit,
    UploaderSettings settings,
    TimeProvider time,
    ILogger<ChunkUploadFormReader> logger)
{
    private const int MaxFieldLength = 8 * 1024;
    private const int MaxBoundaryLength = 200;

    /// <summary>Parts one body may have: the chunk, the known fields and a few extras of go-uploader clients.</summary>
    internal const int MaxParts = 32;

    /// <summary>Bytes of field values (known or not) and part headers one body may carry besides the chunk.</summary>
    internal const int MaxMetadataBytes = 64 * 1024;

    /// <summary>
    /// The start of a body during which neither min_upload_rate nor Kestrel's average rate is enforced: a slow
    /// start (TCP slow start, a client still opening the file) is not a slow client. Also the fixed part of each
    /// chunk's time budget.
    /// </summary>
    internal static readonly TimeSpan BodyGracePeriod = TimeSpan.FromSeconds(10);

    /// <summary>How long the body may send nothing before the upload is dropped.</summary>
    internal static readonly TimeSpan BodyIdleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The longest budget: a timer holds at most ~49 days, and no chunk needs a day.</summary>
    private static readonly TimeSpan MaxBudget = TimeSpan.FromDays(1);

    public async Task<ChunkUploadForm> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // The server-wide body limit is small; only this endpoint may carry a chunk.
        bodyLimit.Apply(request);

        SetMinimumRate(request);
        var budget = BodyBudget(request.ContentLength);
        var cutByServer = false;
        using var overBudget = new CancellationTokenSource(budget, time);
        using var cut = overBudget.Token.Register(() =>
        {
            cutByServer = true;
            LogOverBudget(logger, budget.TotalSeconds, settings.MinUploadRate);
            request.HttpContext.Abort();
        });

        var boundary = Boundary(request.ContentType);
        using var body = new IdleTimeoutPipeReader(request.BodyReader, BodyIdleTimeout, () =>
        {
            cutByServer = true;
            request.HttpContext.Abort();
        });
        var parser = new MultipartBodyParser(body, boundary);
        var form = new ChunkUploadForm();
        var metadata = new MetadataBudget();
        try
        {
            while (await parser.NextPartAsync(cancellationToken) is { } part)
            {
                metadata.CountPart(part);
                await ReadPartAsync(parser, part, form, metadata, cancellationToken);
            }

            return form;
        }
        catch (Exception ex) when (!cutByServer && ClientWentAwayException.Describes(ex, request.HttpContext))
        {
            await form.DisposeAsync();
            LogClientWentAway(request, form, parser.BytesReceived);
            // The body ended mid-part, so this connection can carry no further request: close it now rather than
            // leave Kestrel to drain a body that will not come. (The "Reading is already in progress" it used to log
            // came from the parser's AdvanceTo examining past what it consumed; see MultipartBodyParser.)
            request.HttpContext.Abort();
            throw new ClientWentAwayException(parser.BytesReceived, ex);
        }
        catch
        {
            await form.DisposeAsync();
            throw;
        }
        finally
        {
            parser.Release();
        }
    }

    /// <summary>Kestrel cuts a body that averages less than min_upload_rate after the grace period.</summary>
    private void SetMinimumRate(HttpRequest request)
    {
        // HTTP/2 and HTTP/3 take no per-request rate; only HTTP/1.x is served today.
        if (HttpProtocol.IsHttp11(request.Protocol) || HttpProtocol.IsHttp10(request.Protocol))
        {
            var minRate = request.HttpContext.Features.Get<IHttpMinRequestBodyDataRateFeature>();
            minRate?.MinDataRate = new MinDataRate(settings.MinUploadRate, BodyGracePeriod);
        }
    }

    /// <summary>
    /// Kestrel pauses its rate timing whenever the server is slow to read; the budget (grace + length / rate, on the
    /// server's clock) bounds the whole read, so no body holds its upload place longer than its size warrants. The
    /// length a client claims counts only up to the body limit (a larger claim is refused on its headers by
    /// <see cref="RefusesOversizedBodyAttribute"/>), and the budget stays within what a timer can hold.
    /// </summary>
    private TimeSpan BodyBudget(long? contentLength)
    {
        var length = Math.Min(contentLength ?? policy.MaxChunkSize, bodyLimit.Bytes);
        var seconds = Math.Min(BodyGracePeriod.TotalSeconds + (double)length / settings.MinUploadRate, MaxBudget.TotalSeconds);
        return TimeSpan.FromSeconds(seconds);
    }

    private static string Boundary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new MalformedRequestException("content_type", "upload_chunk takes a multipart/form-data body.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        return string.IsNullOrWhiteSpace(boundary) || boundary.Length > MaxBoundaryLength
            ? throw new MalformedRequestException("content_type", "The multipart boundary is missing or too long.")
            : boundary;
    }

    private async Task ReadPartAsync(
        MultipartBodyParser parser, MultipartPartHeaders part, ChunkUploadForm form, MetadataBudget metadata, CancellationToken ct)
    {
        if (!ContentDispositionHeaderValue.TryParse(part.ContentDisposition, out var disposition)
            || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new MalformedRequestException("body", "Every part needs a 'Content-Disposition: form-data' header.");
        }

        var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
        if (disposition.IsFileDisposition() || name == WireFields.Chunk)
        {
            await ReadFilePartAsync(parser, disposition, name, form, ct);
            return;
        }

        if (!ChunkUploadForm.IsKnownField(name))
        {
            await DiscardAsync(parser, metadata, ct);
            return;
        }

        var value = await ReadFieldAsync(parser, name, ct);
        metadata.Count(Encoding.UTF8.GetByteCount(value));
        if (!form.TryAddField(name, value))
        {
            throw new MalformedRequestException(name, $"Field '{name}' is given more than once.");
        }
    }

    private async Task ReadFilePartAsync(
        MultipartBodyParser parser, ContentDispositionHeaderValue disposition, string name, ChunkUploadForm form, CancellationToken ct)
    {
        if (name != WireFields.Chunk)
        {
            throw new MalformedRequestException(name, $"Unexpected file part '{name}'; the chunk goes in a part named '{WireFields.Chunk}'.");
        }

        if (form.Chunk is not null)
        {
            throw new MalformedRequestException(WireFields.Chunk, "The request has more than one 'chunk' file part.");
        }

        await using var content = parser.OpenPart();
        var staged = await staging.StageAsync(content, policy.MaxChunkSize, ct);
        var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value
            ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
        form.SetChunk(staged, string.IsNullOrEmpty(fileName) ? null : fileName);
    }

    /// <summary>
    /// A field's value as UTF-8 text (a leading byte order mark dropped, as a StreamReader would), at most
    /// <see cref="MaxFieldLength"/> characters. A character takes at most 3 bytes, so more bytes than that are
    /// refused without decoding them.
    /// </summary>
    private static async Task<string> ReadFieldAsync(MultipartBodyParser parser, string name, CancellationToken ct)
    {
        const int maxBytes = 3 * MaxFieldLength;
        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= maxBytes && (read = await parser.ReadPartAsync(buffer.AsMemory(length, maxBytes + 1 - length), ct)) > 0)
            {
                length += read;
            }

            var bytes = buffer.AsSpan(0, length);
            if (bytes.StartsWith(Encoding.UTF8.Preamble))
            {
                bytes = bytes[Encoding.UTF8.Preamble.Length..];
            }

            var value = length > maxBytes ? null : Encoding.UTF8.GetString(bytes);
            return value is null || value.Length > MaxFieldLength
                ? throw new MalformedRequestException(name, $"Field '{name}' is longer than {MaxFieldLength} characters.")
                : value;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads an unknown field to its end, keeping nothing but the count of its bytes.</summary>
    private static async Task DiscardAsync(MultipartBodyParser parser, MetadataBudget metadata, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            int read;
            while ((read = await parser.ReadPartAsync(buffer, ct)) > 0)
            {
                metadata.Count(read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One warning, not an error: a client that leaves mid-chunk (closed laptop, Ctrl+C, lost network) is routine.</summary>
    private void LogClientWentAway(HttpRequest request, ChunkUploadForm form, long bytesReceived)
    {
        var client = request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "?";
        var length = request.ContentLength?.ToString(CultureInfo.InvariantCulture) ?? "?";
        if (form[WireFields.FileId] is { } fileId)
        {
            LogClientWentAwayFromChunk(logger, client, bytesReceived, length, fileId, form[WireFields.ChunkIndex] ?? "?");
        }
        else
        {
            LogClientWentAwayUnnamed(logger, client, bytesReceived, length);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client {Client} went away after {BytesReceived} of {ContentLength} bytes of upload_chunk for {FileId} chunk {ChunkIndex}; the body was discarded")]
    private static partial void LogClientWentAwayFromChunk(ILogger logger, string client, long bytesReceived, string contentLength, string fileId, string chunkIndex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client {Client} went away after {BytesReceived} of {ContentLength} bytes of upload_chunk, before its file_id; the body was discarded")]
    private static partial void LogClientWentAwayUnnamed(ILogger logger, string client, long bytesReceived, string contentLength);

    [LoggerMessage(Level = LogLevel.Warning, Message = "upload_chunk body still not read after its budget of {BudgetSeconds:0} s (min_upload_rate {Rate} B/s); connection cut")]
    private static partial void LogOverBudget(ILogger logger, double budgetSeconds, int rate);

    /// <summary>What one body spends besides the chunk: its parts and their metadata bytes, each with a cap.</summary>
    private sealed class MetadataBudget
    {
        private int _parts;
        private long _bytes;

        public void CountPart(MultipartPartHeaders part)
        {
            if (++_parts > MaxParts)
            {
                throw new MalformedRequestException("body", $"The multipart body has more than {MaxParts} parts.");
            }

            Count(part.MetadataBytes);
        }

        public void Count(long bytes)
        {
            _bytes += bytes;
            if (_bytes > MaxMetadataBytes)
            {
                throw new MalformedRequestException(
                    "body", $"The multipart body carries more than {MaxMetadataBytes} bytes of fields and part headers besides the chunk.");
            }
        }
    }
}
