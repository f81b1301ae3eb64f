using System.Buffers;
using System.Security.Cryptography;
using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Storage;

/// <summary>
/// One pass over the chunks: each block read is hashed into the chunk's md5 (to catch rot since upload)
/// and the file's md5, and written out. After the first corrupt chunk nothing more is written, but the
/// rest are still read so that the answer names every corrupt chunk at once.
/// </summary>
internal sealed class ChunkMerger(StorageLayout layout, Guid taskId)
{
    public async Task<(long Size, string Md5, IReadOnlyList<int> Corrupt)> MergeAsync(
        IReadOnlyList<ChunkToMerge> chunks, string outputPath, CancellationToken ct)
    {
        using var fileMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var chunkMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var corrupt = new List<int>();
        var buffer = ArrayPool<byte>.Shared.Rent(FileSystemChunkStorage.BufferSize);
        long written = 0;
        try
        {
            await using var output = new FileStream(outputPath, CreatedFiles.CreateNew(CreatedFiles.MergedMode));
            foreach (var chunk in chunks)
            {
                var writing = corrupt.Count == 0;
                var size = await CopyChunkAsync(chunk, writing ? output : null, buffer, chunkMd5, fileMd5, ct);
                var intact = size == chunk.Size
                    && string.Equals(Convert.ToHexStringLower(chunkMd5.GetHashAndReset()), chunk.Md5, StringComparison.OrdinalIgnoreCase);
                if (!intact)
                {
                    corrupt.Add(chunk.Index);
                }

                written += Math.Max(size, 0);
            }

            if (layout.Durable && corrupt.Count == 0)
            {
                output.Flush(flushToDisk: true);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (written, Convert.ToHexStringLower(fileMd5.GetHashAndReset()), corrupt);
    }

    /// <returns>The bytes read, or -1 when the chunk's file is gone.</returns>
    private async Task<long> CopyChunkAsync(
        ChunkToMerge chunk, FileStream? output, byte[] buffer, IncrementalHash chunkMd5, IncrementalHash fileMd5, CancellationToken ct)
    {
        FileStream input;
        try
        {
            input = new FileStream(
                layout.ChunkPath(taskId, chunk.Location), FileMode.Open, FileAccess.Read, FileShare.Read, 0,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return -1;
        }

        await using (input)
        {
            long size = 0;
            int read;
            while ((read = await input.ReadAsync(buffer.AsMemory(0, FileSystemChunkStorage.BufferSize), ct)) > 0)
            {
                size += read;
                chunkMd5.AppendData(buffer, 0, read);
                fileMd5.AppendData(buffer, 0, read);
                if (output is not null)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }

            return size;
        }
    }
}
