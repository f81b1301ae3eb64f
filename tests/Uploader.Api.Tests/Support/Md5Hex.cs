using System.Security.Cryptography;

namespace Uploader.Api.Tests;

/// <summary>Lower-case hex md5, the form the server reports.</summary>
public static class Md5Hex
{
    public static string Of(ReadOnlySpan<byte> bytes)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(bytes);
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    public static string OfFile(string path) => Of(File.ReadAllBytes(path));
}
