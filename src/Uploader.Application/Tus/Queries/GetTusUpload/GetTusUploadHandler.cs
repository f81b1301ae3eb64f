using Mediator;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tus.Queries.GetTusUpload;

public sealed class GetTusUploadHandler(ITusUploadRepository uploads, IUploadTaskRepository tasks, IUploadTaskReader reader, RetentionPolicy retention)
    : IQueryHandler<GetTusUploadQuery, TusUploadView?>
{
    public async ValueTask<TusUploadView?> Handle(GetTusUploadQuery query, CancellationToken cancellationToken)
    {
        var upload = await uploads.FindAsync(query.UploadId, cancellationToken);
        var task = upload is null ? null : await tasks.FindAsync(query.UploadId, cancellationToken);
        var status = task is null ? null : await reader.GetStatusAsync(query.UploadId, cancellationToken);
        if (upload is null || task is null || status is null)
        {
            return null;
        }

        var offset = task.Status is UploadTaskStatus.Merging or UploadTaskStatus.Completed
            ? task.FileSize
            : upload.OffsetOf(task.Layout, status.UploadedChunks);
        var expires = task.Status == UploadTaskStatus.Completed ? (DateTime?)null : status.UpdatedAt + retention.TaskExpiry;
        return new TusUploadView(upload.UploadId, upload.LengthDeferred ? null : task.FileSize, offset, upload.Metadata, task.Status, expires,
            upload.Concatenation, upload.Parts);
    }
}
