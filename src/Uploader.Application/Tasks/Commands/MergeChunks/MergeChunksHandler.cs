using Mediator;
using Uploader.Application.Errors;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Commands.MergeChunks;

/// <summary>
/// Claims the task (uploading → merging, refused if another merge claimed it first), then assembles it
/// (<see cref="MergeAssembly"/>) before answering, or in the background form hands it to
/// <see cref="IBackgroundMerges"/> and answers that it is merging.
/// </summary>
/// <remarks>
/// Every refusal a client can act on comes from the claim, so the background form gets it as quickly as the waiting
/// one. Sent again while the task is merging, the background form answers "merging" (a retried request behind a
/// proxy), the waiting one <see cref="MergeInProgress"/> as go-uploader did.
/// </remarks>
public sealed class MergeChunksHandler(
    IUploadTaskRepository tasks,
    MergeAssembly assembly,
    IBackgroundMerges background,
    MergeLeasing leasing,
    UploadPolicy policy,
    TimeProvider clock) : ICommandHandler<MergeChunksCommand, MergeChunksResult>
{
    public async ValueTask<MergeChunksResult> Handle(MergeChunksCommand command, CancellationToken cancellationToken)
    {
        var fileId = command.FileId!;
        UploadTask task;
        try
        {
            task = await tasks.InTransactionAsync(ct => ClaimAsync(command, ct), cancellationToken);
        }
        catch (MergeInProgress) when (command.InBackground)
        {
            return new MergeRunning(fileId);
        }
        catch (ConcurrentChange)
        {
            var current = await tasks.FindAsync(fileId, cancellationToken) ?? throw new TaskNotFound(fileId);
            if (current.Status == UploadTaskStatus.Completed)
            {
                return AlreadyMerged(current, command.ExpectedMd5);
            }

            if (current.Status == UploadTaskStatus.Merging && command.InBackground)
            {
                return new MergeRunning(fileId);
            }

            // Answer with what the other request made of the task (paused, merging, ...).
            current.EnsureMergeable();
            throw;
        }

        if (task.Status == UploadTaskStatus.Completed)
        {
            return AlreadyMerged(task, command.ExpectedMd5);
        }

        var lease = leasing.Hold(task.Id, fileId);
        if (command.InBackground)
        {
            background.Enqueue(fileId, command.ExpectedMd5, lease);
            return new MergeRunning(fileId);
        }

        await using (lease)
        {
            return await assembly.RunAsync(task, command.ExpectedMd5, lease);
        }
    }

    /// <summary>
    /// Reads the chunk list and moves the task to merging in one transaction, so no chunk can be recorded
    /// between the two: the merge works on exactly the versions it claimed. The same transaction records this
    /// instance's lease (ADR 0010), so a claim is never without one. A completed task is returned as is.
    /// </summary>
    private async Task<UploadTask> ClaimAsync(MergeChunksCommand command, CancellationToken ct)
    {
        var task = await tasks.FindWithAllChunksAsync(command.FileId!, ct) ?? throw new TaskNotFound(command.FileId!);
        task.EnsureMergeRequestAgrees(command.TotalChunks);
        if (task.Status != UploadTaskStatus.Completed)
        {
            task.BeginMerge(clock.GetUtcNow().UtcDateTime, NameGivenAtMerge(command, task));
            await tasks.SaveAsync(task, ct);
            await tasks.RecordMergeLeaseAsync(task.Id, leasing.Owner, leasing.Until(), ct);
        }

        return task;
    }

    /// <summary>
    /// The merge's relative_path, or its filename in the folder the task has; null when it names nothing. The same path
    /// rules and extension check as the first chunk's name; a completed task keeps its name.
    /// </summary>
    private RelativeFilePath? NameGivenAtMerge(MergeChunksCommand command, UploadTask task)
    {
        var target = !string.IsNullOrEmpty(command.RelativePath) ? RelativeFilePath.Parse(command.RelativePath)
            : !string.IsNullOrEmpty(command.FileName) ? RelativeFilePath.Parse(task.RelativePath).WithFileName(RelativeFilePath.ParseFileName(command.FileName))
            : null;
        if (target is not null)
        {
            policy.EnsureExtensionAllowed(target);
        }

        return target;
    }

    private MergeCompleted AlreadyMerged(UploadTask task, string? expectedMd5)
    {
        if (expectedMd5 is not null && policy.EnableIntegrityCheck && !Md5Digest.Same(expectedMd5, task.FileMd5))
        {
            throw new ChecksumMismatch("the merged file", expectedMd5.ToLowerInvariant(), task.FileMd5 ?? string.Empty);
        }

        return new MergeCompleted(task.FileId, task.FinalPath!, task.FileMd5!, task.FileSize, task.RelativePath, Assembled: false);
    }
}
