using Mediator;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.MergeChunks;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Commands.RunMerge;

/// <summary>
/// Loads the claimed task with the chunk rows the claim read (no chunk can be recorded while it is merging) and
/// assembles it as a synchronous merge would.
/// </summary>
public sealed class RunMergeHandler(IUploadTaskRepository tasks, MergeAssembly assembly) : ICommandHandler<RunMergeCommand, MergeChunksResult>
{
    public async ValueTask<MergeChunksResult> Handle(RunMergeCommand command, CancellationToken cancellationToken)
    {
        await using var lease = command.Lease;
        lease.EnsureHeld();
        var task = await tasks.FindWithAllChunksAsync(command.FileId, cancellationToken) ?? throw new TaskNotFound(command.FileId);
        if (task.Status != UploadTaskStatus.Merging)
        {
            // Only the request that claimed the task queues it, so this is a task settled by someone else
            // (another instance that took the merge over after this one's lease ran out): nothing of ours to assemble.
            throw new ConcurrentChange(command.FileId);
        }

        return await assembly.RunAsync(task, command.ExpectedMd5, lease);
    }
}
