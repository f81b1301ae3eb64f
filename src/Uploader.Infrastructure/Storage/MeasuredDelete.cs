namespace Uploader.Infrastructure.Storage;

/// <summary>Deletes files and folders and answers how many bytes that freed; what is already gone frees nothing.</summary>
internal static class MeasuredDelete
{
    /// <summary>Hidden files too (the adapter's own names start with a dot); symbolic links are removed, never followed.</summary>
    private static readonly EnumerationOptions EveryFile = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = false,
    };

    /// <summary>
    /// Deletes the folder with everything in it, adding each deleted file's size to <paramref name="freed"/>. A folder
    /// that is itself a symbolic link is unlinked: what it leads to is not the server's and is never enumerated.
    /// </summary>
    /// <remarks>
    /// Added file by file, so that a retry after a fault halfway counts every file once; and of two callers removing the
    /// same folder at once (two instances' sweeps), each file and the folder itself count for one of them only.
    /// </remarks>
    /// <returns>Whether this call removed the folder (false when it was gone already, or another caller removed it first).</returns>
    public static bool Folder(string folder, ref long freed)
    {
        if (StorageLayout.IsLink(folder))
        {
            System.IO.File.Delete(folder);
            return true;
        }

        if (!Directory.Exists(folder))
        {
            return false;
        }

        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", EveryFile))
        {
            freed += File(file.FullName);
        }

        try
        {
            // Whatever the loop did not count (links, folders, a file that arrived meanwhile) goes with the folder.
            Directory.Delete(folder, recursive: true);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            // Removed meanwhile by another caller, who counts it.
            return false;
        }
    }

    public static long File(string path)
    {
        try
        {
            var size = new FileInfo(path).Length;
            System.IO.File.Delete(path);
            return size;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return 0;
        }
    }
}
