using FluentValidation;
using Uploader.Application.Policies;

namespace Uploader.Application.Tasks.Commands.UploadChunk;

public sealed class UploadChunkValidator : AbstractValidator<UploadChunkCommand>
{
    public UploadChunkValidator(UploadPolicy policy)
    {
        RuleFor(c => c.FileId).ValidFileId();
        RuleFor(c => c.TotalChunks).NotNull().InclusiveBetween(1, policy.MaxChunks);
        RuleFor(c => c.ChunkIndex).NotNull().GreaterThanOrEqualTo(0);
        RuleFor(c => c.ChunkIndex).LessThan(c => c.TotalChunks!.Value)
            .When(c => c.TotalChunks is not null && c.ChunkIndex is not null)
            .WithMessage("'{PropertyName}' must be less than {ComparisonProperty}.");
        RuleFor(c => c.FileSize).NotNull().GreaterThanOrEqualTo(0);
        RuleFor(c => c.ChunkSize).GreaterThan(0);
        RuleFor(c => c.Md5).Md5Hex();
        RuleFor(c => c.Chunk).NotNull().WithMessage("The '{PropertyName}' file part is missing.");
    }
}
