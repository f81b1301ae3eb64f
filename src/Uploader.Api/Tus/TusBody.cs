using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections;

namespace Uploader.Api.Tus;

/// <summary>
/// A PATCH body as the chunks read it: a client that goes away mid-body ends it (<see cref="Interrupted"/>) instead of
/// failing the read, so that what arrived is kept; with Upload-Checksum every byte also goes through its hash. A body
/// of a declared <paramref name="length"/> has ended with its last byte, before a read finds nothing more.
/// </summary>
internal sealed class TusBody(Stream body, long? length, IncrementalHash? checksum) : IDisposable
{
    public bool Interrupted { get; private set; }

    public bool Ended { get; private set; } = length == 0;

    public long Received { get; private set; }

    /// <summary>Reads up to <paramref name="buffer"/>'s length; 0 at the end of the body or when the client went away.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer)
    {
        if (Ended)
        {
            return 0;
        }

        int read;
        try
        {
            // Not the request's token: a client gone is the end of its bytes here, not a reason to drop them.
            read = await body.ReadAsync(buffer, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or BadHttpRequestException or OperationCanceledException)
        {
            Interrupted = true;
            Ended = true;
            return 0;
        }

        if (read == 0)
        {
            Ended = true;
            return 0;
        }

        checksum?.AppendData(buffer.Span[..read]);
        Received += read;
        Ended = Received == length;
        return read;
    }

    /// <summary>The body's digest so far (base64, as Upload-Checksum carries it).</summary>
    public string Digest() => Convert.ToBase64String(checksum!.GetHashAndReset());

    public void Dispose() => checksum?.Dispose();
}

/// <summary>
/// One chunk's bytes as staged: the tail it continues (what earlier PATCHes left of it), then at most
/// <paramref name="fromBody"/> bytes of the body.
/// </summary>
internal sealed class TusChunkStream(Stream tail, TusBody body, long fromBody) : Stream
{
    private long _leftInBody = fromBody;
    private bool _tailDone;

    /// <summary>The body's bytes read into this chunk so far.</summary>
    public long FromBody { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_tailDone)
        {
            var fromTail = await tail.ReadAsync(buffer, cancellationToken);
            if (fromTail > 0)
            {
                return fromTail;
            }

            _tailDone = true;
        }

        if (_leftInBody == 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var read = await body.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _leftInBody)]);
        _leftInBody -= read;
        FromBody += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
