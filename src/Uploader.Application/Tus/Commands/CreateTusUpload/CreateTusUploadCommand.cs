using Mediator;

namespace Uploader.Application.Tus.Commands.CreateTusUpload;

/// <summary>A tus creation (POST): a task for <paramref name="Length"/> bytes, named by the upload's metadata.</summary>
/// <param name="Length">Upload-Length; null with Upload-Defer-Length, for a PATCH to name later.</param>
/// <param name="Metadata">Upload-Metadata as sent, kept for HEAD.</param>
/// <param name="FileName">Metadata <c>filename</c> (or <c>name</c>), decoded; the upload id names the file without one.</param>
/// <param name="RelativePath">Metadata <c>relative_path</c>, decoded: where under merged_dir the file goes.</param>
/// <param name="Partial">Upload-Concat: partial: a piece for a final upload, merged into nothing on its own.</param>
public sealed record CreateTusUploadCommand(long? Length, string? Metadata, string? FileName, string? RelativePath, bool Partial = false)
    : ICommand<CreateTusUploadResult>
{
    /// <summary>The longest Upload-Metadata kept (a header of this size is already unusual).</summary>
    public const int MaxMetadataLength = 4096;
}

/// <param name="ExpiresAt">When the upload expires if no byte arrives (task_expiry_hours after its last change).</param>
public sealed record CreateTusUploadResult(string UploadId, DateTime ExpiresAt);
