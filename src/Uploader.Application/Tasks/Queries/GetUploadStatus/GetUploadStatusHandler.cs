using Mediator;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Queries.GetUploadStatus;

/// <summary>The task's progress; for a completed task also whether its merged file is still the one it produced.</summary>
public sealed class GetUploadStatusHandler(IUploadTaskReader reader, IChunkStorage storage) : IQueryHandler<GetUploadStatusQuery, UploadStatusView>
{
    public async ValueTask<UploadStatusView> Handle(GetUploadStatusQuery query, CancellationToken cancellationToken)
    {
        var view = await reader.GetStatusAsync(query.FileId!, cancellationToken) ?? throw new TaskNotFound(query.FileId!);
        if (view.Status != UploadTaskStatus.Completed)
        {
            // A merge records its target before the file is there (UploadTask.RecordMergeTarget); clients are
            // shown a path and md5 only once the file is published.
            return view with { Md5 = null, FilePath = null };
        }

        return view.FilePath is { } path
            ? view with { MergedFile = await storage.InspectMergedFileAsync(path, view.FileSize, view.MergedFileIdentity, cancellationToken) }
            : view;
    }
}
