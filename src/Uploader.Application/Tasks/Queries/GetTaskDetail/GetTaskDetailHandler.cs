using Mediator;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Tasks.Queries.GetTaskDetail;

/// <summary>The task with its chunks; for a completed task also whether its merged file is still the one it produced.</summary>
public sealed class GetTaskDetailHandler(IUploadTaskReader reader, IChunkStorage storage) : IQueryHandler<GetTaskDetailQuery, TaskDetailView>
{
    public async ValueTask<TaskDetailView> Handle(GetTaskDetailQuery query, CancellationToken cancellationToken)
    {
        var view = await reader.GetDetailAsync(query.FileId, cancellationToken) ?? throw new TaskNotFound(query.FileId);
        return view.FilePath is { } path
            ? view with { MergedFile = await storage.InspectMergedFileAsync(path, view.Summary.FileSize, view.MergedFileIdentity, cancellationToken) }
            : view;
    }
}
