using Mediator;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Tasks.Queries.ListTasks;

/// <param name="Status">Only tasks in this status; all when null.</param>
/// <param name="Page">1-based; 1 when null.</param>
/// <param name="PageSize">Tasks per page; <see cref="DefaultPageSize"/> when null.</param>
/// <param name="Search">
/// Only tasks whose name contains this text, case-insensitively (<see cref="IUploadTaskReader.ListAsync"/>); at
/// most <see cref="MaxSearchLength"/> characters as sent, surrounding white space ignored; no search when null, empty
/// or white space.
/// </param>
public sealed record ListTasksQuery(string? Status, int? Page, int? PageSize, string? Search = null) : IQuery<TaskListResult>
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const int MaxSearchLength = 200;

    /// <summary>The text to search for, trimmed; null when there is none.</summary>
    public string? SearchText => string.IsNullOrWhiteSpace(Search) ? null : Search.Trim();
}

public sealed record TaskListResult(IReadOnlyList<TaskSummaryView> Tasks, int Total, int Page, int PageSize);
