using FluentValidation;

namespace Uploader.Application.Tasks.Commands.MergeChunks;

public sealed class MergeChunksValidator : AbstractValidator<MergeChunksCommand>
{
    public MergeChunksValidator()
    {
        RuleFor(c => c.FileId).ValidFileId().OverridePropertyName("file_id");
        RuleFor(c => c.TotalChunks).GreaterThan(0).OverridePropertyName("total_chunks");
        RuleFor(c => c.ExpectedMd5).Md5Hex().OverridePropertyName("expected_md5");
    }
}
