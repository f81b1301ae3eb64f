using System.Buffers;
using System.Security.Cryptography;
using Uploader.Application.Ports;
using Uploader.Infrastructure.Storage;

namespace Uploader.Benchmarks;

/// <summary>
/// The merge loop as it was before the pipeline (commit 061284f's ChunkMerger), kept as the benchmarks' reference:
/// one thread reads each 1 MiB block, adds it to the chunk md5, then the file md5, then writes it; one fsync at the end.
/// </summary>
internal sealed class SerialMerge(StorageLayout layout, Guid taskId)
{
    private const int BufferSize = 1024 * 1024;

    public async Task<(long Size, string Md5, IReadOnlyList<int> Corrupt)> MergeAsync(
        IReadOnlyList<ChunkToMerge> chunks, string outputPath, CancellationToken ct)
    {
        using var fileMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var chunkMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var corrupt = new List<int>();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long written = 0;
        try
        {
            await using var output = new FileStream(outputPath, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0, Options = FileOptions.Asynchronous,
            });
            foreach (var chunk in chunks)
            {
                var writing = corrupt.Count == 0;
                await using var input = new FileStream(
                    layout.ChunkPath(taskId, chunk.Location), FileMode.Open, FileAccess.Read, FileShare.Read, 0,
                    FileOptions.Asynchronous | FileOptions.SequentialScan);
                long size = 0;
                int read;
                while ((read = await input.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
                {
                    size += read;
                    chunkMd5.AppendData(buffer, 0, read);
                    fileMd5.AppendData(buffer, 0, read);
                    if (writing)
                    {
                        await output.WriteAsync(buffer.AsMemory(0, read), ct);
                    }
                }

                if (size != chunk.Size || !string.Equals(Convert.ToHexStringLower(chunkMd5.GetHashAndReset()), chunk.Md5, StringComparison.OrdinalIgnoreCase))
                {
                    corrupt.Add(chunk.Index);
                }

                written += size;
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
}
