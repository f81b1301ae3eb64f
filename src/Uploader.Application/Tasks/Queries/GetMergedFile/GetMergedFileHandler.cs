using Mediator;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Queries.GetMergedFile;

/// <summary>
/// Opens a completed task's merged file, but only while it is still the file the task produced: a file deleted or
/// replaced since the merge is gone for this task, whatever is at its path now.
/// </summary>
public sealed class GetMergedFileHandler(IUploadTaskReader reader, IChunkStorage storage, IMergedFileLinks links) : IQueryHandler<GetMergedFileQuery, MergedFileDownload>
{
    public async ValueTask<MergedFileDownload> Handle(GetMergedFileQuery query, CancellationToken cancellationToken)
    {
        var fileId = query.FileId!;
        var task = await reader.GetMergedFileAsync(fileId, cancellationToken) ?? throw new TaskNotFound(fileId);
        if (task is not { Status: UploadTaskStatus.Completed, FilePath: { } path, Md5: { } md5 })
        {
            throw new InvalidTaskState(fileId, task.Status, "be downloaded before it is merged");
        }

        if (links.Enabled)
        {
            var state = await storage.InspectMergedFileAsync(path, task.FileSize, task.MergedFileIdentity, cancellationToken);
            return state == MergedFileState.Present
                ? new MergedFileDownload(task.FileName, task.FileSize, md5, null, await links.LinkAsync(path, task.FileName, cancellationToken))
                : throw new FileGone(fileId, path, state);
        }

        var opened = await storage.OpenMergedFileAsync(path, task.FileSize, task.MergedFileIdentity, cancellationToken);
        return opened.Content is { } content
            ? new MergedFileDownload(task.FileName, task.FileSize, md5, content)
            : throw new FileGone(fileId, path, opened.State);
    }
}
