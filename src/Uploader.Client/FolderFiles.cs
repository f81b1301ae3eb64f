namespace Uploader.Client;

/// <summary>The files of a folder upload, in a stable order, and where each goes on the server.</summary>
internal static class FolderFiles
{
    public static IEnumerable<FileInfo> Under(DirectoryInfo root) =>
        root.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
            .OrderBy(f => f.FullName, StringComparer.Ordinal);

    /// <summary>The file's path relative to the folder with '/', under <paramref name="prefix"/> when one is given.</summary>
    public static string RelativePath(DirectoryInfo root, FileInfo file, string? prefix)
    {
        var relative = Path.GetRelativePath(root.FullName, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
        return string.IsNullOrEmpty(prefix) ? relative : $"{prefix.TrimEnd('/')}/{relative}";
    }
}
