using Mediator;
using Microsoft.Extensions.Logging;
using Uploader.Application.Errors;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Commands.UploadChunk;

/// <summary>
/// Order of work: verify the staged bytes, check the task allows the chunk, make them durable under a
/// fresh location, then record that location. A crash before the record leaves only an unreferenced
/// file; a refused record removes the new file; the replaced version is removed only after the record.
/// </summary>
public sealed partial class UploadChunkHandler(
    IUploadTaskRepository tasks,
    IUploadTaskReader reader,
    IChunkStorage storage,
    IStorageSpace space,
    UploadPolicy policy,
    TimeProvider clock,
    ILogger<UploadChunkHandler> logger) : ICommandHandler<UploadChunkCommand, UploadChunkResult>
{
    private const int SaveAttempts = 3;

    public async ValueTask<UploadChunkResult> Handle(UploadChunkCommand command, CancellationToken cancellationToken)
    {
        var fileId = command.FileId!;
        var index = command.ChunkIndex!.Value;
        var staged = command.Chunk!;
        var layout = FileLayout.Create(command.FileSize!.Value, command.TotalChunks!.Value, command.ChunkSize);

        // What can be refused without a task is refused before one is created, so a bad first chunk leaves
        // nothing behind. For an existing task, a declared layout that differs is a mismatch before a wrong size.
        var md5Checked = VerifyDeclaredMd5(command.Md5, staged);
        var task = await tasks.FindWithChunkAsync(fileId, index, cancellationToken);
        if (task is null)
        {
            layout.EnsureChunkFits(index, staged.Size);
            task = await CreateTaskAsync(command, layout, cancellationToken);
        }

        // Also for a task created here: another request may have created it first, with other totals.
        task.EnsureAccepts(index, layout);
        task.Layout.EnsureChunkFits(index, staged.Size);

        if (task.FindChunk(index)?.HasSameContent(staged.Size, staged.Md5) == true)
        {
            return await ResultAsync(task, index, staged, md5Checked, cancellationToken);
        }

        var location = await staged.CommitAsync(task.Id, index, cancellationToken);
        string? obsolete;
        try
        {
            (task, obsolete) = await RecordAsync(task, fileId, index, staged, location, cancellationToken);
        }
        catch (TaskNotFound)
        {
            // The task was removed after this request checked it, and its removal may have deleted the folder
            // before this commit created it again. Task ids are never reused, so everything under it goes.
            await DeleteUnreferencedAsync(task.Id, location);
            await DeleteRemovedTaskDataAsync(task.Id);
            throw;
        }
        catch
        {
            await DeleteUnreferencedAsync(task.Id, location);
            throw;
        }

        if (obsolete is not null)
        {
            await DeleteUnreferencedAsync(task.Id, obsolete);
        }

        return await ResultAsync(task, index, staged, md5Checked, cancellationToken);
    }

    private async Task<UploadTask> CreateTaskAsync(UploadChunkCommand command, FileLayout layout, CancellationToken ct)
    {
        if (layout.FileSize > policy.MaxFileSize)
        {
            throw new FileTooLarge(layout.FileSize, policy.MaxFileSize);
        }

        var target = ResolveTarget(command);
        if (!policy.AllowsExtension(target.Extension))
        {
            throw new ExtensionNotAllowed(target.Extension);
        }

        EnsureRoomForNewTask();
        var created = UploadTask.Start(command.FileId!, target, layout, clock.GetUtcNow().UtcDateTime);
        var stored = await tasks.AddOrGetAsync(created, ct);
        if (ReferenceEquals(stored, created))
        {
            LogTaskCreated(stored.FileId, stored.RelativePath, stored.FileSize, stored.TotalChunks);
            return stored;
        }

        // Another request created the task first: continue with its chunk of interest loaded.
        return await tasks.FindWithChunkAsync(command.FileId!, command.ChunkIndex!.Value, ct)
            ?? throw new ConcurrentChange(command.FileId!);
    }

    /// <summary>
    /// Below the floor no new task starts, so the space left goes to tasks already under way (their chunks are
    /// still taken down to the storage's hard floor). Checked after the request's own checks, so a bad request
    /// hears about its own fault first.
    /// </summary>
    private void EnsureRoomForNewTask()
    {
        if (policy.MinFreeDiskBytes <= 0)
        {
            return;
        }

        var free = space.Uploads().FreeBytes;
        if (free < policy.MinFreeDiskBytes)
        {
            throw new InsufficientStorage(
                $"The upload folder's volume has {free} bytes free, below the floor of {policy.MinFreeDiskBytes} bytes for new uploads; tasks already started can still finish.");
        }
    }

    private static RelativeFilePath ResolveTarget(UploadChunkCommand command) =>
        !string.IsNullOrEmpty(command.RelativePath) ? RelativeFilePath.Parse(command.RelativePath)
        : !string.IsNullOrEmpty(command.FileName) ? RelativeFilePath.ParseFileName(command.FileName)
        : RelativeFilePath.ParseFileName(command.PartFileName, PathField.PartFileName);

    private bool VerifyDeclaredMd5(string? declared, IStagedChunk staged)
    {
        if (declared is null || !policy.EnableIntegrityCheck)
        {
            return false;
        }

        if (!Md5Digest.Same(declared, staged.Md5))
        {
            throw new ChecksumMismatch("the chunk", declared.ToLowerInvariant(), staged.Md5);
        }

        return true;
    }

    /// <summary>
    /// Records the committed location and returns the location that is no longer referenced.
    /// Two first uploads of the same index race on the store's unique key;
    /// the loser loads the winner's row and either finds the same bytes (nothing to do) or replaces them.
    /// </summary>
    private async Task<(UploadTask Task, string? Obsolete)> RecordAsync(
        UploadTask task, string fileId, int index, IStagedChunk staged, string location, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var replaced = task.AcceptChunk(index, staged.Size, staged.Md5, location, clock.GetUtcNow().UtcDateTime);
            try
            {
                await tasks.SaveChunksAsync(task, ct);
                return (task, replaced);
            }
            catch (ConcurrentChange) when (attempt < SaveAttempts)
            {
                task = await tasks.FindWithChunkAsync(fileId, index, ct) ?? throw new TaskNotFound(fileId);
                if (task.FindChunk(index)?.HasSameContent(staged.Size, staged.Md5) == true)
                {
                    // The winner stored identical bytes; ours are the duplicate to remove.
                    return (task, location);
                }
            }
        }
    }

    /// <summary>
    /// Removes a chunk version no record points to. Failing here loses nothing (the file is only
    /// unreferenced) and must not replace the answer the request is giving, so it is logged instead.
    /// </summary>
    private async Task DeleteUnreferencedAsync(Guid taskId, string location)
    {
        try
        {
            await storage.DeleteChunkAsync(taskId, location, CancellationToken.None);
        }
        catch (IOException ex)
        {
            LogDeleteFailed(ex, location);
        }
        catch (UnauthorizedAccessException ex)
        {
            LogDeleteFailed(ex, location);
        }
    }

    /// <summary>Removes what a chunk of a removed task left; a failure is logged and left to the expiry sweep.</summary>
    private async Task DeleteRemovedTaskDataAsync(Guid taskId)
    {
        try
        {
            await storage.DeleteTaskDataAsync(taskId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(ex, taskId.ToString("N"));
        }
    }

    private async Task<UploadChunkResult> ResultAsync(
        UploadTask task, int index, IStagedChunk staged, bool md5Checked, CancellationToken ct)
    {
        var uploaded = await reader.CountUploadedChunksAsync(task.Id, ct);
        return new UploadChunkResult(
            task.FileId, index, staged.Size, staged.Md5, md5Checked, uploaded, task.TotalChunks, task.RelativePath);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove unreferenced chunk version {Location}; it stays until the task is removed")]
    private partial void LogDeleteFailed(Exception exception, string location);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {FileId} created for {RelativePath} ({FileSize} bytes in {TotalChunks} chunks)")]
    private partial void LogTaskCreated(string fileId, string relativePath, long fileSize, int totalChunks);
}
