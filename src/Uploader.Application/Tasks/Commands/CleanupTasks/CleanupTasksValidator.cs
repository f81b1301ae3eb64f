using FluentValidation;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Commands.CleanupTasks;

public sealed class CleanupTasksValidator : AbstractValidator<CleanupTasksCommand>
{
    /// <summary>About a century: far beyond any real retention, and far from the calendar's end.</summary>
    public const int MaxDays = 36_500;

    public CleanupTasksValidator()
    {
        RuleFor(c => c.Status).ValidTaskStatus()
            .NotEqual(TaskStatusNames.Of(UploadTaskStatus.Merging)).WithMessage("'{PropertyName}' cannot be merging: a merging task is never cleaned up.");
        RuleFor(c => c.OlderThanDays).InclusiveBetween(0, MaxDays);
    }
}
