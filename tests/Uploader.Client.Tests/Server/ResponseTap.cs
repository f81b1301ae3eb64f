namespace Uploader.Client.Tests.Server;

/// <summary>An answer's body on its way out: counted, and cut (the connection aborted) once past an optional limit.</summary>
internal sealed class ResponseTap(Stream inner, long? limit, Action abort) : Stream
{
    public long Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Written; set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var allowed = limit is { } max ? (int)Math.Min(buffer.Length, Math.Max(0, max - Written)) : buffer.Length;
        if (allowed > 0)
        {
            await inner.WriteAsync(buffer[..allowed], cancellationToken);
            await inner.FlushAsync(cancellationToken);
            Written += allowed;
        }

        if (allowed < buffer.Length)
        {
            abort();
            throw new CutException();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Thrown into the server's handler once the body is cut, so it stops writing.</summary>
    internal sealed class CutException : IOException;
}
