namespace Uploader.Cli.Commands;

/// <summary>The command line's paths, every one checked before the first byte is sent.</summary>
internal static class UploadTargets
{
    public static IReadOnlyList<FileSystemInfo> Resolve(IEnumerable<string> paths) =>
        [.. paths.Select(Resolve)];

    private static FileSystemInfo Resolve(string path)
    {
        if (Directory.Exists(path))
        {
            return new DirectoryInfo(path);
        }

        return File.Exists(path)
            ? new FileInfo(path)
            : throw new LocalPathException(path, "no such file or directory");
    }
}
