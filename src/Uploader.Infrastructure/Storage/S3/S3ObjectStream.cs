using Amazon.S3.Model;

namespace Uploader.Infrastructure.Storage.S3;

/// <summary>
/// A merged object read as a seekable stream: each read continues one ranged GET from the current position, and a seek
/// drops it, so the download's Range processing works by seeking as on a file. Every GET carries the ETag seen when the
/// object was recognised as the task's, so an object replaced since is never served as this task's (412 → the
/// response is cut).
/// </summary>
internal sealed class S3ObjectStream(BucketClient bucket, string key, string etag, long length) : Stream
{
    private GetObjectResponse? _response;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length { get; } = length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= Length || buffer.Length == 0)
        {
            return 0;
        }

        _response ??= await bucket.Client.GetObjectAsync(
            new GetObjectRequest
            {
                BucketName = bucket.Name,
                Key = key,
                ByteRange = new ByteRange(_position, Length - 1),
                EtagToMatch = etag,
            },
            cancellationToken);
        var read = await _response.ResponseStream.ReadAsync(buffer, cancellationToken);
        if (read == 0)
        {
            throw new IOException($"The store ended {key} at byte {_position} of {Length}.");
        }

        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        if (target != _position)
        {
            DropResponse();
            _position = target;
        }

        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DropResponse();
        }

        base.Dispose(disposing);
    }

    private void DropResponse()
    {
        _response?.Dispose();
        _response = null;
    }
}
