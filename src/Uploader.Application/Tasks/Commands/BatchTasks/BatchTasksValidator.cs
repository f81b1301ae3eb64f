using FluentValidation;

namespace Uploader.Application.Tasks.Commands.BatchTasks;

public sealed class BatchTasksValidator : AbstractValidator<BatchTasksCommand>
{
    /// <summary>Tasks one batch acts on at most, named or selected: bounds the request's time and its answer.</summary>
    public const int MaxTasks = 1000;

    public BatchTasksValidator()
    {
        RuleFor(c => c.Action).NotEmpty()
            .Must(action => action is null || BatchActions.All.Contains(action))
            .WithMessage($"'{{PropertyName}}' must be one of {string.Join(", ", BatchActions.All)}.");
        RuleFor(c => c.FileIds)
            .Must((command, ids) => (ids is null) != (command.Status is null))
            .WithMessage($"Give exactly one of '{{PropertyName}}' and '{DisplayNames.Of((BatchTasksCommand c) => c.Status)}'.");
        RuleFor(c => c.FileIds!.Count).InclusiveBetween(1, MaxTasks)
            .When(c => c.FileIds is not null)
            .WithMessage($"'{{PropertyName}}' must name between 1 and {MaxTasks} tasks.");
        RuleForEach(c => c.FileIds).ValidFileId();
        RuleFor(c => c.Status).ValidTaskStatus();
        RuleFor(c => c.DeleteFile).Equal(false)
            .When(c => c.Action != BatchActions.Delete)
            .WithMessage("'{PropertyName}' applies to the delete action only.");
    }
}
