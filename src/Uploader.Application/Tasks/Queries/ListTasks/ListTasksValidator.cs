using FluentValidation;

namespace Uploader.Application.Tasks.Queries.ListTasks;

public sealed class ListTasksValidator : AbstractValidator<ListTasksQuery>
{
    public ListTasksValidator()
    {
        RuleFor(q => q.Status).ValidTaskStatus();
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, ListTasksQuery.MaxPageSize);
    }
}
