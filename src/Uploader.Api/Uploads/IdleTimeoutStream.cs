namespace Uploader.Api.Uploads;

/// <summary>
/// A request body that gives up when no byte arrives for <paramref name="idle"/>: the connection is
/// aborted and the read fails, so a client that stops half-way through a chunk does not hold its upload
/// permit and staged file until Kestrel's average-rate limit notices (which, after a large part of the
/// body, takes minutes).
/// </summary>
internal sealed class IdleTimeoutStream(Stream inner, TimeSpan idle, Action abort) : Stream
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

    /// <summary>Bytes of the body read so far: how far a client that went away got.</summary>
    public long BytesRead { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(idle);
        try
        {
            var read = await inner.ReadAsync(buffer, timeout.Token);
            BytesRead += read;
            return read;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            abort();
            throw new IOException($"No byte of the request body arrived for {idle.TotalSeconds:0} s; the connection was closed.");
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The request body is read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
