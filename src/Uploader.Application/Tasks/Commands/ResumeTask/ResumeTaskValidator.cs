using FluentValidation;

namespace Uploader.Application.Tasks.Commands.ResumeTask;

public sealed class ResumeTaskValidator : AbstractValidator<ResumeTaskCommand>
{
    public ResumeTaskValidator() => RuleFor(c => c.FileId).ValidFileId();
}
