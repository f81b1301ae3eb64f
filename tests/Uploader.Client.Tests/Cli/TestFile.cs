using System.Security.Cryptography;

namespace Uploader.Client.Tests.Cli;

/// <summary>Files of random bytes to upload, and the md5 a merged copy must have.</summary>
internal static class TestFile
{
    public static string Create(string folder, string relativePath, int size, int seed)
    {
        var path = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // md5 is what the server reports; here it compares bytes, it protects nothing.
#pragma warning disable CA5351
    public static string Md5(string path) => Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(path)));
#pragma warning restore CA5351
}
