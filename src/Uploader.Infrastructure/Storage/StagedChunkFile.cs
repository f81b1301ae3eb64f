using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Storage;

internal sealed class StagedChunkFile(FileSystemChunkStorage storage, string path, long size, string md5, string checksum) : IStagedChunk
{
    private bool _committed;

    public long Size { get; } = size;

    public string Md5 { get; } = md5;

    public string Checksum { get; } = checksum;

    /// <summary>The staged file, for an adapter that commits by copying it elsewhere (S3) rather than moving it.</summary>
    internal string StagedPath { get; } = path;

    public async Task<string> CommitAsync(Guid taskId, int index, CancellationToken cancellationToken)
    {
        if (_committed)
        {
            throw new InvalidOperationException("A staged chunk is committed once.");
        }

        var location = await storage.CommitAsync(StagedPath, taskId, index, cancellationToken);
        _committed = true;
        return location;
    }

    public ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            File.Delete(StagedPath);
        }

        return ValueTask.CompletedTask;
    }
}
