using Uploader.Client;

namespace Uploader.Cli.Commands;

/// <summary>
/// Uploads the targets one after another; the client parallelises the chunks of each file. The server's limits are
/// asked once and every file of every target is checked against them before the first chunk goes.
/// </summary>
internal sealed class UploadRun(UploaderClient client, UploadOptions options)
{
    public async Task<IReadOnlyList<UploadResult>> RunAsync(
        IReadOnlyList<FileSystemInfo> targets, IProgress<UploadProgress>? progress, CancellationToken cancellationToken)
    {
        options.Limits = await client.GetLimitsOrNullAsync(cancellationToken);
        var planned = targets.Select(target => (Target: target, Options: target is DirectoryInfo folder ? ForFolder(folder) : options)).ToList();
        foreach (var (target, targetOptions) in planned)
        {
            options.Limits?.Check(target.FullName, targetOptions);
        }

        var results = new List<UploadResult>();
        foreach (var (target, targetOptions) in planned)
        {
            if (target is DirectoryInfo)
            {
                results.AddRange(await client.UploadFolderAsync(target.FullName, targetOptions, progress, cancellationToken));
            }
            else
            {
                results.Add(await client.UploadFileAsync(target.FullName, targetOptions, progress, cancellationToken));
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
        BackgroundMergeFrom = options.BackgroundMergeFrom,
        RelativePath = options.RelativePath ?? FolderName(folder),
        Limits = options.Limits,
    };

    private static string? FolderName(DirectoryInfo folder) =>
        folder.Name is "" || folder.Name == Path.GetPathRoot(folder.FullName) ? null : folder.Name;
}
