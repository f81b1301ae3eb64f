using FluentValidation;

namespace Uploader.Application.Tasks.Commands.DeleteTask;

public sealed class DeleteTaskValidator : AbstractValidator<DeleteTaskCommand>
{
    public DeleteTaskValidator() => RuleFor(c => c.FileId).ValidFileId();
}
