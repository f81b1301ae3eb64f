using FluentValidation;

namespace Uploader.Application.Tasks.Commands.MergeChunks;

public sealed class MergeChunksValidator : AbstractValidator<MergeChunksCommand>
{
    public MergeChunksValidator()
    {
        RuleFor(c => c.FileId).ValidFileId();
        RuleFor(c => c.TotalChunks).GreaterThan(0);
        RuleFor(c => c.ExpectedMd5).Md5Hex();
    }
}
