using FluentValidation;

namespace Uploader.Application.Tasks.Queries.GetTaskDetail;

public sealed class GetTaskDetailValidator : AbstractValidator<GetTaskDetailQuery>
{
    public GetTaskDetailValidator() => RuleFor(q => q.FileId).ValidFileId();
}
