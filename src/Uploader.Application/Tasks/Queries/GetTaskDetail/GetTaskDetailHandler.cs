using Mediator;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Tasks.Queries.GetTaskDetail;

public sealed class GetTaskDetailHandler(IUploadTaskReader reader) : IQueryHandler<GetTaskDetailQuery, TaskDetailView>
{
    public async ValueTask<TaskDetailView> Handle(GetTaskDetailQuery query, CancellationToken cancellationToken) =>
        await reader.GetDetailAsync(query.FileId, cancellationToken) ?? throw new TaskNotFound(query.FileId);
}
