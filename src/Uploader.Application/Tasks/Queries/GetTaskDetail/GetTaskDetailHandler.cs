using Mediator;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Queries.GetTaskDetail;

/// <summary>The task with its chunks; for a completed task also whether its merged file is still the one it produced.</summary>
public sealed class GetTaskDetailHandler(IUploadTaskReader reader, IChunkStorage storage) : IQueryHandler<GetTaskDetailQuery, TaskDetailView>
{
    public async ValueTask<TaskDetailView> Handle(GetTaskDetailQuery query, CancellationToken cancellationToken)
    {
        var view = await reader.GetDetailAsync(query.FileId, cancellationToken) ?? throw new TaskNotFound(query.FileId);
        if (view.Summary.Status != UploadTaskStatus.Completed)
        {
            // As for upload_status: the recorded target and md5 are shown once the merged file is published.
            return view with { Md5 = null, FilePath = null };
        }

        return view.FilePath is { } path
            ? view with { MergedFile = await storage.InspectMergedFileAsync(path, view.Summary.FileSize, view.MergedFileIdentity, cancellationToken) }
            : view;
    }
}
