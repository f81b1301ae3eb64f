using Uploader.Application.Folders.Commands.CreateFolderTask;

namespace Uploader.Api.Contracts;

/// <summary>The body of POST /go-uploader/folder_tasks, as go-uploader's page sends it.</summary>
/// <param name="FolderName">The folder's name: one path segment.</param>
/// <param name="Files">1 to 10,000 files.</param>
public sealed record CreateFolderTaskRequest(string? FolderName, IReadOnlyList<FolderFileRequest>? Files)
{
    public CreateFolderTaskCommand ToCommand() =>
        new(FolderName, Files?.Select(f => new FolderFileEntry(f.Name, f.RelativePath, f.Size, f.TotalChunks)).ToList());
}

/// <param name="Name">The file's name; used when relative_path is empty, under the folder's name.</param>
/// <param name="RelativePath">Where the file goes under merged_dir (the browser's webkitRelativePath, starting with the folder's name).</param>
/// <param name="Size">The file's size in bytes.</param>
/// <param name="TotalChunks">How many chunks it is sent in; any chunk size that adds up is taken.</param>
public sealed record FolderFileRequest(string? Name, string? RelativePath, long Size, int TotalChunks);
