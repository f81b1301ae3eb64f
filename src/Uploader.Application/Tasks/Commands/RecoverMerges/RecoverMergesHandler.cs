using Mediator;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.MergeChunks;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Commands.RecoverMerges;

/// <remarks>
/// The expired leases are only candidates: each take-over is a conditional write, so of two instances recovering at
/// once one settles the task and the other finds it taken (or no longer merging) and leaves it.
/// </remarks>
public sealed class RecoverMergesHandler(
    IMergeLeases leases,
    IUploadTaskRepository tasks,
    InterruptedMerge interrupted,
    MergeLeasing leasing) : ICommandHandler<RecoverMergesCommand, MergeRecovery>
{
    /// <summary>Candidates per run; more wait for the next run.</summary>
    internal const int Limit = 50;

    public async ValueTask<MergeRecovery> Handle(RecoverMergesCommand command, CancellationToken cancellationToken)
    {
        var completed = 0;
        var reopened = 0;
        foreach (var fileId in await leases.FindExpiredAsync(leasing.Owner, leasing.Now, Limit, cancellationToken))
        {
            var task = await tasks.FindWithAllChunksAsync(fileId, cancellationToken);
            if (task is not { Status: UploadTaskStatus.Merging })
            {
                continue;
            }

            switch (await interrupted.SettleAsync(task, heldByEarlierRun: false, whileHeld: null, cancellationToken))
            {
                case MergeSettlement.Completed:
                    completed++;
                    break;
                case MergeSettlement.Reopened:
                    reopened++;
                    break;
            }
        }

        return new MergeRecovery(completed, reopened);
    }
}
