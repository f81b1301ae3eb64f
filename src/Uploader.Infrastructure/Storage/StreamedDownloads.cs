using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Storage;

/// <summary>The file system has no links to hand out: every download streams through the server.</summary>
public sealed class StreamedDownloads : IMergedFileLinks
{
    public bool Enabled => false;

    public Task<Uri> LinkAsync(string filePath, string downloadName, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Downloads from the file system are streamed.");
}
