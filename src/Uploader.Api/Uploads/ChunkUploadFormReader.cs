using System.Globalization;
using System.Text;
using MinDataRate = Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Uploader.Api.Configuration;
using Uploader.Api.Contracts;
using Uploader.Api.Problems;
using Uploader.Application.Policies;
using Uploader.Application.Ports;

namespace Uploader.Api.Uploads;

/// <summary>
/// Reads a multipart upload_chunk body section by section. The file part is streamed straight into the
/// chunk storage's staging area (never into memory), so metadata parts may come before or after it.
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

    /// <summary>
    /// How much of the body the multipart reader takes per read: a part's stream hands out at most this much at a
    /// time. The reader's default is 4 KiB, which made a 64 MiB chunk 16,384 reads through the idle-timeout stream
    /// (each with its own timer) and the multipart boundary scan.
    /// </summary>
    private const int ReadBufferSize = 64 * 1024;

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
        var body = new IdleTimeoutStream(request.Body, BodyIdleTimeout, () =>
        {
            cutByServer = true;
            request.HttpContext.Abort();
        });
        var reader = new MultipartReader(boundary, body, ReadBufferSize) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
        var form = new ChunkUploadForm();
        var metadata = new MetadataBudget();
        try
        {
            while (await NextSectionAsync(reader, cancellationToken) is { } section)
            {
                metadata.CountPart(section);
                await ReadSectionAsync(section, form, metadata, cancellationToken);
            }

            return form;
        }
        catch (Exception ex) when (!cutByServer && ClientWentAwayException.Describes(ex, request.HttpContext))
        {
            await form.DisposeAsync();
            LogClientWentAway(request, form, body.BytesRead);
            throw new ClientWentAwayException(body.BytesRead, ex);
        }
        catch
        {
            await form.DisposeAsync();
            throw;
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

    private static async Task<MultipartSection?> NextSectionAsync(MultipartReader reader, CancellationToken ct)
    {
        try
        {
            return await reader.ReadNextSectionAsync(ct);
        }
        catch (Exception ex) when (ex is InvalidDataException || ex.GetType() == typeof(IOException))
        {
            throw new MalformedRequestException("body", $"The multipart body is malformed: {ex.Message}");
        }
    }

    private async Task ReadSectionAsync(MultipartSection section, ChunkUploadForm form, MetadataBudget metadata, CancellationToken ct)
    {
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new MalformedRequestException("body", "Every part needs a 'Content-Disposition: form-data' header.");
        }

        var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
        if (disposition.IsFileDisposition() || name == WireFields.Chunk)
        {
            await ReadFilePartAsync(section, disposition, name, form, ct);
            return;
        }

        if (!ChunkUploadForm.IsKnownField(name))
        {
            await DiscardAsync(section, metadata, ct);
            return;
        }

        var value = await ReadFieldAsync(section, name, ct);
        metadata.Count(Encoding.UTF8.GetByteCount(value));
        if (!form.TryAddField(name, value))
        {
            throw new MalformedRequestException(name, $"Field '{name}' is given more than once.");
        }
    }

    private async Task ReadFilePartAsync(
        MultipartSection section, ContentDispositionHeaderValue disposition, string name, ChunkUploadForm form, CancellationToken ct)
    {
        if (name != WireFields.Chunk)
        {
            throw new MalformedRequestException(name, $"Unexpected file part '{name}'; the chunk goes in a part named '{WireFields.Chunk}'.");
        }

        if (form.Chunk is not null)
        {
            throw new MalformedRequestException(WireFields.Chunk, "The request has more than one 'chunk' file part.");
        }

        var staged = await staging.StageAsync(new MultipartBodyStream(section.Body), policy.MaxChunkSize, ct);
        var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value
            ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
        form.SetChunk(staged, string.IsNullOrEmpty(fileName) ? null : fileName);
    }

    private static async Task<string> ReadFieldAsync(MultipartSection section, string name, CancellationToken ct)
    {
        using var reader = new StreamReader(new MultipartBodyStream(section.Body), Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        var buffer = new char[MaxFieldLength + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }

        return length > MaxFieldLength
            ? throw new MalformedRequestException(name, $"Field '{name}' is longer than {MaxFieldLength} characters.")
            : new string(buffer, 0, length);
    }

    /// <summary>Reads an unknown field to its end, keeping nothing but the count of its bytes.</summary>
    private static async Task DiscardAsync(MultipartSection section, MetadataBudget metadata, CancellationToken ct)
    {
        var stream = new MultipartBodyStream(section.Body);
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            metadata.Count(read);
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

        public void CountPart(MultipartSection section)
        {
            if (++_parts > MaxParts)
            {
                throw new MalformedRequestException("body", $"The multipart body has more than {MaxParts} parts.");
            }

            Count(section.Headers?.Sum(h => h.Key.Length + h.Value.ToString().Length + 4) ?? 0);
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

    /// <summary>
    /// A part's body as read from the multipart framing: a body that ends inside a part (no closing boundary)
    /// makes the multipart reader throw a plain IOException, which is the client's malformed request (400), not a
    /// server fault. Connection resets and Kestrel's own body errors are subclasses and pass through unchanged.
    /// </summary>
    private sealed class MultipartBodyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) =>
            Translate(() => inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception ex) when (IsMalformedBody(ex))
            {
                throw Malformed(ex);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private static int Translate(Func<int> read)
        {
            try
            {
                return read();
            }
            catch (Exception ex) when (IsMalformedBody(ex))
            {
                throw Malformed(ex);
            }
        }

        /// <summary>
        /// What the multipart reader throws for a body that breaks its rules: a plain IOException (unexpected end),
        /// or InvalidDataException (a boundary line over its length limit). Subtypes of IOException (the client
        /// went away, Kestrel's bad requests) are not the body's fault and pass.
        /// </summary>
        private static bool IsMalformedBody(Exception ex) => ex is InvalidDataException || ex.GetType() == typeof(IOException);

        private static MalformedRequestException Malformed(Exception ex) =>
            new("body", $"The multipart body is malformed: {ex.Message}");
    }
}
