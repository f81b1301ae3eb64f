using FluentValidation;

namespace Uploader.Application.Tasks.Commands.PauseTask;

public sealed class PauseTaskValidator : AbstractValidator<PauseTaskCommand>
{
    public PauseTaskValidator() => RuleFor(c => c.FileId).ValidFileId();
}
