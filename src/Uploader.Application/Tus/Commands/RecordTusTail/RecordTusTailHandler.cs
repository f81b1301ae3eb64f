using Mediator;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Domain.Errors;

namespace Uploader.Application.Tus.Commands.RecordTusTail;

/// <summary>
/// As for a chunk: the bytes are made durable under a fresh location first, then recorded; a refused record removes
/// the new version, and the replaced one is removed only after the record. Returns the tail's size.
/// </summary>
public sealed class RecordTusTailHandler(ITusUploadRepository uploads, IChunkStorage storage) : ICommandHandler<RecordTusTailCommand, long>
{
    public async ValueTask<long> Handle(RecordTusTailCommand command, CancellationToken cancellationToken)
    {
        await using var tail = command.Tail;
        var upload = await uploads.FindAsync(command.UploadId, cancellationToken) ?? throw new TaskNotFound(command.UploadId);
        upload.EnsureHolds(command.Token);
        var location = await tail.CommitAsync(upload.TaskId, command.Index, cancellationToken);
        string? replaced;
        try
        {
            replaced = upload.RecordTail(command.Token, command.Index, tail.Size, location);
            await uploads.SaveAsync(upload, cancellationToken);
        }
        catch (ConcurrentChange)
        {
            await storage.DeleteChunkAsync(upload.TaskId, location, CancellationToken.None);
            throw new PatchSuperseded(command.UploadId);
        }
        catch
        {
            await storage.DeleteChunkAsync(upload.TaskId, location, CancellationToken.None);
            throw;
        }

        if (replaced is not null)
        {
            await storage.DeleteChunkAsync(upload.TaskId, replaced, CancellationToken.None);
        }

        return tail.Size;
    }
}
