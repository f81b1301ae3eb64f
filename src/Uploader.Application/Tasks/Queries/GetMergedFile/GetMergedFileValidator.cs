using FluentValidation;

namespace Uploader.Application.Tasks.Queries.GetMergedFile;

public sealed class GetMergedFileValidator : AbstractValidator<GetMergedFileQuery>
{
    public GetMergedFileValidator() => RuleFor(q => q.FileId).ValidFileId();
}
