using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Views;

/// <summary>What a download needs of a task: its state, name, and where its merged file is (once completed).</summary>
public sealed record MergedFileView(
    string FileId,
    UploadTaskStatus Status,
    string FileName,
    long FileSize,
    string? Md5,
    string? FilePath,
    string? MergedFileIdentity);
