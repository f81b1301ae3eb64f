using System.Buffers;
using System.Security.Cryptography;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Storage;

/// <summary>Checks that a file in the merged folder is the one a merge produced.</summary>
internal static class PublishedFile
{
    public static async Task<bool> MatchesAsync(string path, long size, string md5, CancellationToken ct)
    {
        var file = new FileInfo(path);
        if (!file.Exists || file.Length != size)
        {
            return false;
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return await HasMd5Async(stream, md5, ct);
    }

    /// <summary>Whether the stream's bytes from here to its end hash to <paramref name="md5"/>.</summary>
    public static async Task<bool> HasMd5Async(Stream stream, string md5, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = ArrayPool<byte>.Shared.Rent(FileSystemChunkStorage.BufferSize);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, FileSystemChunkStorage.BufferSize), ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Md5Digest.Same(Convert.ToHexStringLower(hash.GetHashAndReset()), md5);
    }
}
