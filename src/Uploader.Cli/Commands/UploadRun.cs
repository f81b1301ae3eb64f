using Uploader.Client;

namespace Uploader.Cli.Commands;

/// <summary>Uploads the targets one after another; the client parallelises the chunks of each file.</summary>
internal sealed class UploadRun(UploaderClient client, UploadOptions options)
{
    public async Task<IReadOnlyList<UploadResult>> RunAsync(
        IReadOnlyList<FileSystemInfo> targets, IProgress<UploadProgress>? progress, CancellationToken cancellationToken)
    {
        var results = new List<UploadResult>();
        foreach (var target in targets)
        {
            if (target is DirectoryInfo folder)
            {
                results.AddRange(await client.UploadFolderAsync(folder.FullName, ForFolder(folder), progress, cancellationToken));
            }
            else
            {
                results.Add(await client.UploadFileAsync(target.FullName, options, progress, cancellationToken));
            }
        }

        return results;
    }

    // "uploader upload photos" puts photos/a.jpg on the server, as cp -r and scp -r would, unless a prefix is given.
    private UploadOptions ForFolder(DirectoryInfo folder) => new()
    {
        ChunkSize = options.ChunkSize,
        Parallelism = options.Parallelism,
        FileId = options.FileId,
        ReconnectTimeout = options.ReconnectTimeout,
        RelativePath = options.RelativePath ?? FolderName(folder),
    };

    private static string? FolderName(DirectoryInfo folder) =>
        folder.Name is "" || folder.Name == Path.GetPathRoot(folder.FullName) ? null : folder.Name;
}
