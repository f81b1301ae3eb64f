using System.Text.Json.Serialization;
using Uploader.Application.Ports;
using Uploader.Application.Tasks;
using Uploader.Application.Tasks.Commands.MergeChunks;
using Uploader.Application.Tasks.Commands.UploadChunk;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Tasks;

namespace Uploader.Api.Contracts;

public sealed record UploadChunkResponse(
    string Status,
    string FileId,
    int ChunkIndex,
    long Size,
    string Md5,
    bool Md5Checked,
    int UploadedChunks,
    int TotalChunks,
    string RelativePath)
{
    public static UploadChunkResponse From(UploadChunkResult r) =>
        new(ResponseStatus.Ok, r.FileId, r.ChunkIndex, r.Size, r.Md5, r.Md5Checked, r.UploadedChunks, r.TotalChunks, r.RelativePath);
}

public sealed record MergeChunksResponse(
    string Status,
    string FileId,
    string FilePath,
    string Md5,
    long Size,
    string RelativePath,
    long MergeTimeMs)
{
    public static MergeChunksResponse From(MergeCompleted r) =>
        new(ResponseStatus.Ok, r.FileId, r.FilePath, r.Md5, r.Size, r.RelativePath, (long)r.MergeTime.TotalMilliseconds);
}

/// <summary>merge_chunks in its background form: the task is merging; poll the Location (upload_status) for the outcome.</summary>
/// <param name="Status">Always merging.</param>
/// <param name="FileId">The task being merged.</param>
public sealed record MergeAcceptedResponse(string Status, string FileId)
{
    public static MergeAcceptedResponse Of(string fileId) => new(TaskStatusNames.Of(UploadTaskStatus.Merging), fileId);
}

public sealed record UploadStatusResponse(
    string FileId,
    string Status,
    IReadOnlyList<int> UploadedChunks,
    int TotalChunks,
    long FileSize,
    long UploadedBytes,
    double CompletionRate,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Md5,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FilePath,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MergedFile,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? MergedBytes)
{
    public static UploadStatusResponse From(UploadStatusView v) =>
        new(v.FileId, TaskStatusNames.Of(v.Status), v.UploadedChunks, v.TotalChunks, v.FileSize, v.UploadedBytes,
            v.CompletionRate, v.CreatedAt, v.UpdatedAt, v.Md5, v.FilePath, MergedFileText.Of(v.MergedFile), v.MergedBytes);
}

public sealed record TaskSummaryResponse(
    string FileId,
    string Filename,
    string RelativePath,
    string Status,
    int TotalChunks,
    int UploadedChunks,
    long FileSize,
    long UploadedBytes,
    double CompletionRate,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int RetryCount,
    string TaskId,
    string TaskType,
    string? FileMd5,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ParentTaskId)
{
    public static TaskSummaryResponse From(TaskSummaryView v) =>
        new(v.FileId, v.FileName, v.RelativePath, TaskStatusNames.Of(v.Status), v.TotalChunks, v.UploadedChunks, v.FileSize,
            v.UploadedBytes, v.CompletionRate, v.CreatedAt, v.UpdatedAt, v.RetryCount, v.FileId,
            v.IsFolder ? TaskTypeNames.Folder : TaskTypeNames.File, v.Md5, v.ParentTaskId);
}

public sealed record LiveResponse(string Status, DateTime Timestamp);

/// <summary>The wire names of <c>merged_file</c>: the enum members' names in lower case.</summary>
internal static class MergedFileText
{
    public static string? Of(MergedFileState? state) => state?.ToString().ToLowerInvariant();

    public static string? Of(MergedFileRemoval? removal) => removal?.ToString().ToLowerInvariant();
}
