using Mediator;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;
using Uploader.Domain.Tus;

namespace Uploader.Application.Tus.Commands.BeginTusPatch;

/// <summary>
/// The offset is computed from what is stored (chunks and tail), never kept as a number of its own, so it cannot
/// claim bytes that are not durable. The claim replaces any earlier PATCH's at once: a dropped connection never
/// holds the upload (ADR 0015).
/// </summary>
public sealed class BeginTusPatchHandler(ITusUploadRepository uploads, IUploadTaskRepository tasks, IUploadTaskReader reader, TimeProvider clock)
    : ICommandHandler<BeginTusPatchCommand, TusPatch>
{
    private const int SaveAttempts = 3;

    public async ValueTask<TusPatch> Handle(BeginTusPatchCommand command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var upload = await uploads.FindAsync(command.UploadId, cancellationToken) ?? throw new TaskNotFound(command.UploadId);
            upload.EnsureAppendable();
            var task = await tasks.FindAsync(command.UploadId, cancellationToken) ?? throw new TaskNotFound(command.UploadId);
            EnsureAppendable(task);
            var status = await reader.GetStatusAsync(command.UploadId, cancellationToken) ?? throw new TaskNotFound(command.UploadId);
            var offset = upload.OffsetOf(task.Layout, status.UploadedChunks);
            if (command.Length is { } length && upload.DeclareLength(length, task.FileSize))
            {
                // The task first: a crash before the upload's save leaves it deferred, and the same length is taken again.
                task.FixFileSize(length, offset, clock.GetUtcNow().UtcDateTime);
                await tasks.SaveAsync(task, cancellationToken);
            }

            var token = upload.BeginPatch(command.Offset, offset);
            try
            {
                await uploads.SaveAsync(upload, cancellationToken);
            }
            catch (ConcurrentChange) when (attempt < SaveAttempts)
            {
                continue;
            }

            var continuesTail = upload.TailIndex == TusUpload.ContiguousChunks(status.UploadedChunks);
            return new TusPatch(
                token, task.Id, task.FileId, task.Layout, offset,
                continuesTail ? upload.TailLocation : null, continuesTail ? upload.TailSize : 0, task.RelativePath,
                upload.Concatenation == TusConcatenation.Partial);
        }
    }

    private static void EnsureAppendable(UploadTask task)
    {
        if (UploadTask.RefusalIn(task.Status, task.FileId, "accept bytes") is { } refusal)
        {
            throw refusal;
        }
    }
}
