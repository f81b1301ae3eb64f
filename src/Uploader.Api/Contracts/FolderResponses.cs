using Uploader.Application.Folders.Commands.CreateFolderTask;
using Uploader.Application.Tasks;
using Uploader.Application.Tasks.Views;

namespace Uploader.Api.Contracts;

/// <summary>A created folder: status is always ok; sub_tasks are the files' file_ids in the order of the request's files.</summary>
public sealed record FolderTaskCreatedResponse(
    string Status, string FolderTaskId, string FolderName, int TotalFiles, long TotalSize, IReadOnlyList<string> SubTasks)
{
    public static FolderTaskCreatedResponse From(CreateFolderTaskResult r) =>
        new(ResponseStatus.Ok, r.FolderTaskId, r.FolderName, r.FileIds.Count, r.TotalSize, r.FileIds);
}

/// <summary>
/// GET tasks/{folder_task_id}: the folder's figures (file_size: the files' sizes added up; uploaded_size: bytes of their
/// stored chunks) and its files' summaries.
/// </summary>
public sealed record FolderDetailResponse(
    string TaskId,
    string FileId,
    string TaskType,
    string FolderName,
    int TotalFiles,
    int CompletedFiles,
    int FailedFiles,
    long FileSize,
    long UploadedSize,
    string Status,
    double CompletionRate,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    IReadOnlyList<TaskSummaryResponse> SubTasks)
{
    public static FolderDetailResponse From(FolderView v) =>
        new(v.FolderTaskId, v.FolderTaskId, TaskTypeNames.Folder, v.FolderName, v.TotalFiles, v.CompletedFiles, v.FailedFiles,
            v.TotalSize, v.UploadedSize, TaskStatusNames.Of(v.Status), v.Summary.CompletionRate, v.CreatedAt, v.UpdatedAt,
            [.. v.Files.Select(TaskSummaryResponse.From)]);
}

public sealed record FolderSummaryResponse(
    string FolderTaskId,
    int TotalFiles,
    int CompletedFiles,
    int FailedFiles,
    long TotalSize,
    long UploadedSize,
    double CompletionRate,
    string Status)
{
    public static FolderSummaryResponse From(FolderView v) =>
        new(v.FolderTaskId, v.TotalFiles, v.CompletedFiles, v.FailedFiles, v.TotalSize, v.UploadedSize, v.Summary.CompletionRate,
            TaskStatusNames.Of(v.Status));
}

/// <summary>The folder's files as task summaries; total is how many files it has.</summary>
public sealed record FolderSubTasksResponse(string FolderTaskId, IReadOnlyList<TaskSummaryResponse> SubTasks, int Total)
{
    public static FolderSubTasksResponse From(FolderView v) =>
        new(v.FolderTaskId, [.. v.Files.Select(TaskSummaryResponse.From)], v.TotalFiles);
}
