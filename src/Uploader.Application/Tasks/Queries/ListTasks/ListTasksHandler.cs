using Mediator;
using Uploader.Application.Ports;

namespace Uploader.Application.Tasks.Queries.ListTasks;

public sealed class ListTasksHandler(IUploadTaskReader reader) : IQueryHandler<ListTasksQuery, TaskListResult>
{
    public async ValueTask<TaskListResult> Handle(ListTasksQuery query, CancellationToken cancellationToken)
    {
        var page = query.Page ?? 1;
        var pageSize = query.PageSize ?? ListTasksQuery.DefaultPageSize;
        var found = await reader.ListAsync(
            TaskStatusNames.Parse(query.Status), query.SearchText, page, pageSize, cancellationToken);
        return new TaskListResult(found.Tasks, found.Total, page, pageSize);
    }
}
