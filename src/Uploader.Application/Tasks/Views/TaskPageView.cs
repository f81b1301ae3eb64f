namespace Uploader.Application.Tasks.Views;

/// <param name="Total">How many tasks the filter selects, on every page.</param>
public sealed record TaskPageView(IReadOnlyList<TaskSummaryView> Tasks, int Total);
