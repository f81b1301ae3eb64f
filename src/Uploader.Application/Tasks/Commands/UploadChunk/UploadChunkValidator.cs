using FluentValidation;
using Uploader.Application.Policies;

namespace Uploader.Application.Tasks.Commands.UploadChunk;

/// <summary>
/// Ranges of single fields. Presence and number syntax are the request reader's (the command's fields are typed);
/// whether chunk_index lies within the file's chunks is the layout's rule (<c>FileLayout.EnsureChunkFits</c>), checked
/// once when the task admits the chunk.
/// </summary>
public sealed class UploadChunkValidator : AbstractValidator<UploadChunkCommand>
{
    public UploadChunkValidator(UploadPolicy policy)
    {
        RuleFor(c => c.FileId).ValidFileId();
        RuleFor(c => c.TotalChunks).InclusiveBetween(1, policy.MaxChunks);
        RuleFor(c => c.FileSize).GreaterThanOrEqualTo(0);
        RuleFor(c => c.ChunkSize).GreaterThan(0);
        RuleFor(c => c.Md5).Md5Hex();
    }
}
