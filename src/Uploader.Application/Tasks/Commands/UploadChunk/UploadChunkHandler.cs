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
    IChunkStorage storage,
    IStorageSpace space,
    UploadPolicy policy,
    TimeProvider clock,
    ILogger<UploadChunkHandler> logger) : ICommandHandler<UploadChunkCommand, UploadChunkResult>
{
    private const int SaveAttempts = 3;

    public async ValueTask<UploadChunkResult> Handle(UploadChunkCommand command, CancellationToken cancellationToken)
    {
        var fileId = command.FileId;
        var index = command.ChunkIndex;
        var staged = command.Chunk;
        var layout = FileLayout.Create(command.FileSize, command.TotalChunks, command.ChunkSize);

        var md5Checked = VerifyDeclaredMd5(command.Md5, staged);
        var (task, admission) = await FindOrCreateAsync(command, layout, cancellationToken);
        if (task.FindChunk(index)?.HasSameContent(staged.Size, staged.Md5) == true)
        {
            return Result(task, index, staged, md5Checked);
        }

        var location = await staged.CommitAsync(task.Id, index, cancellationToken);
        string? obsolete;
        try
        {
            (task, obsolete) = await RecordAsync(task, admission, layout, staged, location, cancellationToken);
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

        return Result(task, index, staged, md5Checked);
    }

    /// <summary>
    /// The task with the chunk admitted. A new task is checked and admits the chunk before it is stored, so a bad
    /// first chunk leaves nothing behind; a task another request created first admits it by its own layout.
    /// </summary>
    private async Task<(UploadTask Task, ChunkAdmission Admission)> FindOrCreateAsync(
        UploadChunkCommand command, FileLayout layout, CancellationToken ct)
    {
        var size = command.Chunk.Size;
        var found = await tasks.FindWithChunkAsync(command.FileId, command.ChunkIndex, ct);
        if (found is not null)
        {
            return (found, found.Admit(command.ChunkIndex, size, layout));
        }

        var created = NewTask(command, layout);
        var admission = created.Admit(command.ChunkIndex, size, layout);
        policy.EnsureRoomForNewTask(space);
        var stored = await tasks.AddOrGetAsync(created, ct);
        if (ReferenceEquals(stored, created))
        {
            LogTaskCreated(stored.FileId, stored.RelativePath, stored.FileSize, stored.TotalChunks);
            return (created, admission);
        }

        // Another request created the task first: continue with its chunk of interest loaded.
        var other = await tasks.FindWithChunkAsync(command.FileId, command.ChunkIndex, ct)
            ?? throw new ConcurrentChange(command.FileId);
        return (other, other.Admit(command.ChunkIndex, size, layout));
    }

    private UploadTask NewTask(UploadChunkCommand command, FileLayout layout)
    {
        policy.EnsureFileSizeAllowed(layout.FileSize);

        var target = ResolveTarget(command);
        policy.EnsureExtensionAllowed(target);

        return UploadTask.Start(command.FileId, target, layout, clock.GetUtcNow().UtcDateTime);
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
        UploadTask task, ChunkAdmission admission, FileLayout layout, IStagedChunk staged, string location, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var replaced = task.AcceptChunk(admission, staged.Md5, location, clock.GetUtcNow().UtcDateTime, staged.Checksum);
            try
            {
                await tasks.SaveChunksAsync(task, ct);
                return (task, replaced);
            }
            catch (ConcurrentChange) when (attempt < SaveAttempts)
            {
                task = await tasks.FindWithChunkAsync(task.FileId, admission.Index, ct) ?? throw new TaskNotFound(task.FileId);
                if (task.FindChunk(admission.Index)?.HasSameContent(staged.Size, staged.Md5) == true)
                {
                    // The winner stored identical bytes; ours are the duplicate to remove.
                    return (task, location);
                }

                admission = task.Admit(admission.Index, staged.Size, layout);
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

    /// <summary>The count is the task's own, as the store left it after the record: no count over its chunks.</summary>
    private static UploadChunkResult Result(UploadTask task, int index, IStagedChunk staged, bool md5Checked) =>
        new(task.FileId, index, staged.Size, staged.Md5, md5Checked, task.UploadedChunks, task.TotalChunks, task.RelativePath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove unreferenced chunk version {Location}; it stays until the task is removed")]
    private partial void LogDeleteFailed(Exception exception, string location);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {FileId} created for {RelativePath} ({FileSize} bytes in {TotalChunks} chunks)")]
    private partial void LogTaskCreated(string fileId, string relativePath, long fileSize, int totalChunks);
}
