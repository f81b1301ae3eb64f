using System.Text.Json.Serialization;
using Uploader.Api.Problems;
using Uploader.Application.Tasks;
using Uploader.Application.Tasks.Commands.DeleteTask;
using Uploader.Application.Tasks.Commands.BatchTasks;
using Uploader.Application.Tasks.Commands.CleanupTasks;
using Uploader.Application.Tasks.Queries.ListTasks;
using Uploader.Application.Tasks.Views;

namespace Uploader.Api.Contracts;

public sealed record TaskListResponse(IReadOnlyList<TaskSummaryResponse> Tasks, int Total, int Page, int PageSize)
{
    public static TaskListResponse From(TaskListResult r) =>
        new([.. r.Tasks.Select(TaskSummaryResponse.From)], r.Total, r.Page, r.PageSize);
}

/// <summary>The summary's fields with <c>uploaded_chunks</c> as the list of stored indexes, plus every chunk row.</summary>
public sealed record TaskDetailResponse(
    string FileId,
    string Filename,
    string RelativePath,
    string Status,
    int TotalChunks,
    IReadOnlyList<int> UploadedChunks,
    long FileSize,
    long UploadedBytes,
    double CompletionRate,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int RetryCount,
    string? Md5,
    string? FilePath,
    string? LastError,
    IReadOnlyList<ChunkResponse> Chunks,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MergedFile,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? MergedBytes,
    string TaskId,
    string TaskType,
    string? FileMd5,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ParentTaskId)
{
    public static TaskDetailResponse From(TaskDetailView v)
    {
        var s = v.Summary;
        return new(s.FileId, s.FileName, s.RelativePath, TaskStatusNames.Of(s.Status), s.TotalChunks, v.UploadedChunks, s.FileSize,
            s.UploadedBytes, s.CompletionRate, s.CreatedAt, s.UpdatedAt, s.RetryCount, v.Md5, v.FilePath, v.LastError,
            [.. v.Chunks.Select(ChunkResponse.From)], MergedFileText.Of(v.MergedFile), v.MergedBytes, s.FileId, TaskTypeNames.File, v.Md5,
            s.ParentTaskId);
    }
}

/// <param name="Index">The chunk's index.</param>
/// <param name="Size">Bytes stored.</param>
/// <param name="Md5">md5 of the stored bytes, computed by the server.</param>
/// <param name="Status">uploaded, or corrupt: found not to match its md5 by a merge; counts as missing until sent again.</param>
/// <param name="UploadedAt">When the stored version arrived.</param>
/// <param name="RetryCount">How many times the chunk was stored again after its first upload.</param>
public sealed record ChunkResponse(int Index, long Size, string Md5, string Status, DateTime UploadedAt, int RetryCount)
{
    public static ChunkResponse From(ChunkView c) =>
        new(c.Index, c.Size, c.Md5, ChunkStatusNames.Of(c.Status), c.UploadedAt, c.RetryCount);
}

/// <param name="Status">Always ok.</param>
/// <param name="FileId">The task removed.</param>
/// <param name="MergedFile">
/// For a completed task: deleted, kept (delete_file not asked), replaced (another file is there now; not deleted),
/// missing, or refused (its path passes through a symbolic link inside merged_dir; nothing deleted). Absent otherwise.
/// </param>
public sealed record DeleteTaskResponse(
    string Status,
    string FileId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MergedFile)
{
    public static DeleteTaskResponse From(DeleteTaskResult r) => new(ResponseStatus.Ok, r.FileId, MergedFileText.Of(r.MergedFile));
}

/// <param name="Status">Always ok.</param>
/// <param name="Cleaned">Tasks removed.</param>
/// <param name="FreedBytes">Bytes of chunk data removed; merged files are never deleted by a cleanup.</param>
public sealed record CleanupResponse(string Status, int Cleaned, long FreedBytes)
{
    public static CleanupResponse From(CleanupTasksResult r) => new(ResponseStatus.Ok, r.Cleaned, r.FreedBytes);
}

public sealed record BatchResponse(IReadOnlyList<BatchItemResponse> Results)
{
    public static BatchResponse From(BatchTasksResult r) => new([.. r.Results.Select(BatchItemResponse.From)]);
}

/// <param name="FileId">The task.</param>
/// <param name="Ok">Whether the action succeeded for this task.</param>
/// <param name="Code">Null when the action succeeded; otherwise the error code the single-task endpoint would answer with.</param>
public sealed record BatchItemResponse(string FileId, bool Ok, string? Code)
{
    public static BatchItemResponse From(BatchItemResult r) =>
        new(r.FileId, r.Ok, r.Error is null ? null : ProblemCatalog.CodeOf(r.Error));
}

/// <summary>The queries go-uploader's failed-task routes stand for.</summary>
internal static class FailedTasks
{
    private static readonly string Failed = TaskStatusNames.Of(Domain.Tasks.UploadTaskStatus.Failed);

    public static readonly ListTasksQuery List = new(Failed, 1, ListTasksQuery.MaxPageSize);

    public static readonly BatchTasksCommand ResumeAll = new(BatchActions.Resume, null, Failed, DeleteFile: false);
}

public sealed record FailedTasksResponse(IReadOnlyList<TaskSummaryResponse> Tasks, int Total)
{
    public static FailedTasksResponse From(TaskListResult r) => new([.. r.Tasks.Select(TaskSummaryResponse.From)], r.Total);
}

/// <param name="Status">Always ok.</param>
/// <param name="Resumed">How many failed tasks went back to uploading.</param>
/// <param name="FileIds">Those tasks; one refused (taken by another request meanwhile) is left out.</param>
public sealed record ResumeAllFailedResponse(string Status, int Resumed, IReadOnlyList<string> FileIds)
{
    public static ResumeAllFailedResponse From(BatchTasksResult r)
    {
        var resumed = r.Results.Where(i => i.Ok).Select(i => i.FileId).ToList();
        return new(ResponseStatus.Ok, resumed.Count, resumed);
    }
}
