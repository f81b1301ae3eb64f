using FluentValidation;

namespace Uploader.Application.Tasks.Queries.ListTasks;

public sealed class ListTasksValidator : AbstractValidator<ListTasksQuery>
{
    public ListTasksValidator()
    {
        RuleFor(q => q.Status).ValidTaskStatus();
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, ListTasksQuery.MaxPageSize);

        // No name holds a control character (the path rules), and PostgreSQL refuses a text with NUL in it.
        RuleFor(q => q.Search)
            .MaximumLength(ListTasksQuery.MaxSearchLength)
            .Must(s => s is null || !s.Any(char.IsControl)).WithMessage("'{PropertyName}' must not contain control characters.");
    }
}
