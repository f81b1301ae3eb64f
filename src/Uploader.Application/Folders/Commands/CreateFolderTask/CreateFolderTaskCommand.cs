using Mediator;

namespace Uploader.Application.Folders.Commands.CreateFolderTask;

/// <summary>Declares a folder upload and its files (go-uploader's folder_tasks); each file is then uploaded as a task.</summary>
public sealed record CreateFolderTaskCommand(string? FolderName, IReadOnlyList<FolderFileEntry>? Files) : ICommand<CreateFolderTaskResult>;

/// <param name="FileIds">The files' file_ids in the order the command listed the files.</param>
/// <param name="TotalSize">The files' sizes added up.</param>
public sealed record CreateFolderTaskResult(string FolderTaskId, string FolderName, IReadOnlyList<string> FileIds, long TotalSize);

/// <param name="RelativePath">Where the file goes under the merged folder; when empty, the folder's name and <paramref name="Name"/>.</param>
public sealed record FolderFileEntry(string? Name, string? RelativePath, long Size, int TotalChunks);
