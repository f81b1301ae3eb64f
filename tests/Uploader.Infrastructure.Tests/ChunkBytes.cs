using System.Security.Cryptography;

namespace Uploader.Infrastructure.Tests;

internal static class ChunkBytes
{
    public static byte[] Random(int size) => RandomNumberGenerator.GetBytes(size);

    public static string Md5(ReadOnlySpan<byte> bytes)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(bytes);
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }
}
