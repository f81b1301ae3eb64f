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

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = ArrayPool<byte>.Shared.Rent(FileSystemChunkStorage.BufferSize);
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
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
