using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Tests;

/// <summary>Chunks staged and committed through an adapter's staging port, as an upload does, whatever the adapter.</summary>
internal static class StoredChunks
{
    public static async Task<ChunkToMerge> StoreAsync(IChunkStaging staging, Guid taskId, int index, byte[] bytes)
    {
        await using var staged = await staging.StageAsync(new MemoryStream(bytes), long.MaxValue, CancellationToken.None);
        var location = await staged.CommitAsync(taskId, index, CancellationToken.None);
        return new ChunkToMerge(index, location, staged.Size, staged.Md5, staged.Checksum);
    }

    /// <summary>Each of <paramref name="chunks"/> as the chunk of its index, in order.</summary>
    public static async Task<IReadOnlyList<ChunkToMerge>> StoreAllAsync(IChunkStaging staging, Guid taskId, IReadOnlyList<byte[]> chunks)
    {
        var stored = new List<ChunkToMerge>();
        for (var i = 0; i < chunks.Count; i++)
        {
            stored.Add(await StoreAsync(staging, taskId, i, chunks[i]));
        }

        return stored;
    }
}
