using System.Net;

namespace Uploader.Api.Tests;

/// <summary>
/// A request body that stops before its last bytes until <see cref="Release"/>: a slow client whose request
/// the server is still reading.
/// </summary>
public sealed class HeldContent(HttpContent inner) : HttpContent
{
    private const int HeldBackBytes = 16;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var bytes = await inner.ReadAsByteArrayAsync();
        await stream.WriteAsync(bytes.AsMemory(0, bytes.Length - HeldBackBytes));
        await stream.FlushAsync();
        await _release.Task;
        await stream.WriteAsync(bytes.AsMemory(bytes.Length - HeldBackBytes));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Copies the inner content's Content-Type (with the multipart boundary).</summary>
    public static HeldContent Wrapping(HttpContent inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var held = new HeldContent(inner);
        held.Headers.ContentType = inner.Headers.ContentType;
        return held;
    }
}
