using System.Security.Cryptography;

namespace Uploader.Client.Tests;

/// <summary>Files with pseudo-random contents (seeded, so a failure can be replayed) for uploads.</summary>
internal static class SourceFiles
{
    public static string Write(string path, int size, int seed)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Lower-case hex md5, the form the server reports.</summary>
    public static string Md5Of(string path)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(File.ReadAllBytes(path));
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    public static void AssertSameBytes(string expectedPath, string actualPath)
    {
        Assert.True(File.Exists(actualPath), $"'{actualPath}' does not exist.");
        Assert.Equal(File.ReadAllBytes(expectedPath), File.ReadAllBytes(actualPath));
    }
}
