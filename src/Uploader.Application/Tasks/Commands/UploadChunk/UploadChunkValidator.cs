using FluentValidation;
using Uploader.Application.Policies;

namespace Uploader.Application.Tasks.Commands.UploadChunk;

public sealed class UploadChunkValidator : AbstractValidator<UploadChunkCommand>
{
    public UploadChunkValidator(UploadPolicy policy)
    {
        RuleFor(c => c.FileId).ValidFileId().OverridePropertyName("file_id");
        RuleFor(c => c.TotalChunks).NotNull().InclusiveBetween(1, policy.MaxChunks).OverridePropertyName("total_chunks");
        RuleFor(c => c.ChunkIndex).NotNull().GreaterThanOrEqualTo(0).OverridePropertyName("chunk_index");
        RuleFor(c => c.ChunkIndex).LessThan(c => c.TotalChunks!.Value)
            .When(c => c.TotalChunks is not null && c.ChunkIndex is not null)
            .WithMessage("'chunk_index' must be less than total_chunks.")
            .OverridePropertyName("chunk_index");
        RuleFor(c => c.FileSize).NotNull().GreaterThanOrEqualTo(0).OverridePropertyName("file_size");
        RuleFor(c => c.ChunkSize).GreaterThan(0).OverridePropertyName("chunk_size");
        RuleFor(c => c.Md5).Md5Hex().OverridePropertyName("md5");
        RuleFor(c => c.Chunk).NotNull().WithMessage("The 'chunk' file part is missing.").OverridePropertyName("chunk");
    }
}
