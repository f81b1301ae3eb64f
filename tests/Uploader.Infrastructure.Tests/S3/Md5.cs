using System.Security.Cryptography;

namespace Uploader.Infrastructure.Tests.S3;

/// <summary>md5 in the two spellings S3 uses: hex in ETags, base64 in Content-MD5.</summary>
internal static class Md5
{
    public static byte[] Of(ReadOnlySpan<byte> bytes)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(bytes);
        return md5.GetHashAndReset();
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(Of(bytes));

    public static string Base64(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(Of(bytes));

    /// <summary>An ETag as S3 sends it: the hex in double quotes.</summary>
    public static string ETag(ReadOnlySpan<byte> bytes) => $"\"{Hex(bytes)}\"";
}
