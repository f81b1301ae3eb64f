namespace Uploader.Client.Tests;

/// <summary>A file of the given length that takes no disk space (a hole), for sizes no test could write.</summary>
internal static class SparseFile
{
    public static string Create(string path, long length)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        file.SetLength(length);
        return path;
    }
}
