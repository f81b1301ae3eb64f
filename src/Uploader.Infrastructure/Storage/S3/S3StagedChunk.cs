using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Storage.S3;

/// <summary>A chunk staged on local disk (as on the file system) and committed by one PutObject of that file.</summary>
internal sealed class S3StagedChunk(S3ChunkStorage storage, StagedChunkFile staged) : IStagedChunk
{
    private bool _committed;

    public long Size => staged.Size;

    public string Md5 => staged.Md5;

    public string Checksum => staged.Checksum;

    public async Task<string> CommitAsync(Guid taskId, int index, CancellationToken cancellationToken)
    {
        if (_committed)
        {
            throw new InvalidOperationException("A staged chunk is committed once.");
        }

        var location = await storage.PutChunkAsync(staged.StagedPath, staged.Md5, taskId, index, cancellationToken);
        _committed = true;
        return location;
    }

    /// <summary>The local file goes either way: once committed its bytes are in the store.</summary>
    public ValueTask DisposeAsync() => staged.DisposeAsync();
}
