using Mediator;
using Microsoft.Extensions.Logging;
using Uploader.Application.Errors;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Application.Tus.Commands.CreateTusUpload;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;
using Uploader.Domain.Tus;

namespace Uploader.Application.Tus.Commands.ConcatenateTusUploads;

/// <summary>
/// Makes the final upload a task of its own that owns its partial uploads' chunks, in order (ADR 0015): its task row
/// first, then each chunk version given a second name under it, then in one transaction the chunks recorded on it and
/// the partial uploads removed. A crash before that commit leaves the partial uploads as they were (and a final
/// upload of no chunks, which expires); after it, the final upload holds every byte. The merge then runs as for any
/// upload.
/// </summary>
/// <remarks>
/// The partial uploads go with the concatenation (tus allows it), so that every chunk version belongs to exactly one
/// task and no partial upload lingers in /tasks; a partial upload cannot be used twice.
/// </remarks>
public sealed partial class ConcatenateTusUploadsHandler(
    ITusUploadRepository uploads,
    IUploadTaskRepository tasks,
    IChunkStorage storage,
    IStorageSpace space,
    UploadPolicy policy,
    RetentionPolicy retention,
    TimeProvider clock,
    ILogger<ConcatenateTusUploadsHandler> logger) : ICommandHandler<ConcatenateTusUploadsCommand, CreateTusUploadResult>
{
    public async ValueTask<CreateTusUploadResult> Handle(ConcatenateTusUploadsCommand command, CancellationToken cancellationToken)
    {
        var parts = await LoadPartsAsync(command.PartIds, cancellationToken);
        var chunks = command.PartIds
            .SelectMany(id => parts[id].Task.Chunks.OrderBy(c => c.Index).Select(c => (parts[id].Task.Id, Chunk: c)))
            .Where(c => c.Chunk.Size > 0)
            .ToList();
        var size = chunks.Sum(c => c.Chunk.Size);
        if (size == 0)
        {
            throw new InvalidConcatenation("the partial uploads hold no bytes; send an empty file as one upload.");
        }

        policy.EnsureFileSizeAllowed(size);
        if (chunks.Count > policy.MaxChunks)
        {
            throw new FileTooLarge(size, policy.MaxChunks * policy.MaxChunkSize);
        }

        var uploadId = TusUploadNaming.NewUploadId();
        var target = TusUploadNaming.TargetOf(uploadId, command.RelativePath, command.FileName);
        policy.EnsureExtensionAllowed(target);
        policy.EnsureRoomForNewTask(space);

        var now = clock.GetUtcNow().UtcDateTime;
        var task = UploadTask.Start(uploadId, target, FileLayout.Create(size, chunks.Count, null), now);
        await uploads.AddAsync(TusUpload.StartFinal(task.Id, uploadId, command.Metadata, now, command.PartIds), task, cancellationToken);
        try
        {
            var locations = new List<string>(chunks.Count);
            for (var index = 0; index < chunks.Count; index++)
            {
                var (from, chunk) = chunks[index];
                locations.Add(await storage.LinkChunkAsync(from, chunk.Location, chunk.Size, task.Id, index, CancellationToken.None));
            }

            for (var index = 0; index < chunks.Count; index++)
            {
                var chunk = chunks[index].Chunk;
                task.AcceptChunk(task.Admit(index, chunk.Size, task.Layout), chunk.Md5, locations[index], now, chunk.Checksum);
            }

            await tasks.InTransactionAsync(
                async ct =>
                {
                    await tasks.SaveAsync(task, ct);
                    foreach (var part in parts.Values)
                    {
                        part.Task.EnsureRemovable();
                        await tasks.RemoveAsync(part.Task, ct);
                    }

                    return true;
                },
                CancellationToken.None);
        }
        catch (Exception ex)
        {
            await DiscardAsync(uploadId, task.Id, ex);
            throw;
        }

        foreach (var part in parts.Values)
        {
            await RemovePartDataAsync(part.Task);
        }

        LogConcatenated(uploadId, task.RelativePath, size, parts.Count);
        return new CreateTusUploadResult(uploadId, now + retention.TaskExpiry);
    }

    private async Task<Dictionary<string, (TusUpload Upload, UploadTask Task)>> LoadPartsAsync(
        IReadOnlyList<string> partIds, CancellationToken cancellationToken)
    {
        var parts = new Dictionary<string, (TusUpload, UploadTask)>(StringComparer.Ordinal);
        foreach (var id in partIds.Distinct(StringComparer.Ordinal))
        {
            var upload = await uploads.FindAsync(id, cancellationToken) ?? throw new TaskNotFound(id);
            var task = await tasks.FindWithAllChunksAsync(id, cancellationToken) ?? throw new TaskNotFound(id);
            upload.EnsureCompletePart(task.Layout, task.Chunks.Where(c => c.IsUsable).Select(c => c.Index).ToList());
            if (UploadTask.RefusalIn(task.Status, task.FileId, "be concatenated") is { } refusal)
            {
                throw refusal;
            }
            parts.Add(id, (upload, task));
        }

        return parts;
    }

    /// <summary>
    /// A final upload that could not take its chunks goes again, with what was linked under it; the partial uploads
    /// keep theirs. Should that fail too, the final upload holds no recorded chunk and expires.
    /// </summary>
    private async Task DiscardAsync(string uploadId, Guid taskId, Exception cause)
    {
        LogRefused(cause, uploadId);
        try
        {
            await tasks.InTransactionAsync(
                async ct =>
                {
                    if (await tasks.FindAsync(uploadId, ct) is { } left)
                    {
                        await tasks.RemoveAsync(left, ct);
                    }

                    return true;
                },
                CancellationToken.None);
            await storage.DeleteTaskDataAsync(taskId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogDiscardFailed(ex, uploadId);
        }
    }

    /// <summary>The partial upload's row is gone, so its folder is a leftover the sweep would remove anyway.</summary>
    private async Task RemovePartDataAsync(UploadTask part)
    {
        try
        {
            await storage.DeleteTaskDataAsync(part.Id, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogPartDataKept(ex, part.FileId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "tus final upload {UploadId} made of {Parts} partial uploads for {RelativePath} ({FileSize} bytes)")]
    private partial void LogConcatenated(string uploadId, string relativePath, long fileSize, int parts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "tus final upload {UploadId} could not take its partial uploads' chunks; it is removed, the partial uploads are kept")]
    private partial void LogRefused(Exception exception, string uploadId);

    [LoggerMessage(Level = LogLevel.Error, Message = "tus final upload {UploadId} could not be removed after a failed concatenation; it holds no chunk and expires")]
    private partial void LogDiscardFailed(Exception exception, string uploadId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The chunks of concatenated partial upload {FileId} were not removed; the leftover sweep removes them")]
    private partial void LogPartDataKept(Exception exception, string fileId);
}
