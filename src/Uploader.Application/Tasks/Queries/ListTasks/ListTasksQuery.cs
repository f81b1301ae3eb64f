using Mediator;
using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Tasks.Queries.ListTasks;

/// <param name="Status">Only tasks in this status; all when null.</param>
/// <param name="Page">1-based; 1 when null.</param>
/// <param name="PageSize">Tasks per page; <see cref="DefaultPageSize"/> when null.</param>
public sealed record ListTasksQuery(string? Status, int? Page, int? PageSize) : IQuery<TaskListResult>
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
}

public sealed record TaskListResult(IReadOnlyList<TaskSummaryView> Tasks, int Total, int Page, int PageSize);
