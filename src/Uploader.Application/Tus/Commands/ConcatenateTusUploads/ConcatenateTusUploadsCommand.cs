using Mediator;
using Uploader.Application.Tus.Commands.CreateTusUpload;

namespace Uploader.Application.Tus.Commands.ConcatenateTusUploads;

/// <summary>
/// A tus final upload (POST with <c>Upload-Concat: final;…</c>): one file made of finished partial uploads, in the
/// order given, named by its own metadata.
/// </summary>
/// <param name="PartIds">The partial uploads' ids, in order.</param>
/// <param name="Metadata">Upload-Metadata as sent, kept for HEAD.</param>
/// <param name="FileName">Metadata <c>filename</c> (or <c>name</c>), decoded.</param>
/// <param name="RelativePath">Metadata <c>relative_path</c>, decoded.</param>
public sealed record ConcatenateTusUploadsCommand(IReadOnlyList<string> PartIds, string? Metadata, string? FileName, string? RelativePath)
    : ICommand<CreateTusUploadResult>
{
    /// <summary>The most partial uploads one final upload takes (tus-js-client sends as many as its parallelUploads).</summary>
    public const int MaxParts = 100;
}
