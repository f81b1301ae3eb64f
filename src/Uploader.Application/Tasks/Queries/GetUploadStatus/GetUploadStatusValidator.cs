using FluentValidation;

namespace Uploader.Application.Tasks.Queries.GetUploadStatus;

public sealed class GetUploadStatusValidator : AbstractValidator<GetUploadStatusQuery>
{
    public GetUploadStatusValidator() => RuleFor(q => q.FileId).ValidFileId();
}
