using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

/// <summary>Everything observable about a task, comparable by value, to show a refused change left it as it was.</summary>
internal sealed record TaskSnapshot(
    UploadTaskStatus Status,
    int Version,
    DateTime UpdatedAt,
    int RetryCount,
    string? LastError,
    string? FileMd5,
    string? FinalPath,
    string Chunks)
{
    public static TaskSnapshot Of(UploadTask task) => new(
        task.Status,
        task.Version,
        task.UpdatedAt,
        task.RetryCount,
        task.LastError,
        task.FileMd5,
        task.FinalPath,
        string.Join(
            "; ",
            task.Chunks.OrderBy(c => c.Index)
                .Select(c => $"{c.Index}:{c.Size}:{c.Md5}:{c.Location}:{c.Status}:{c.RetryCount}:{c.UploadedAt:O}")));
}
