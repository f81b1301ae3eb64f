using Mediator;
using Microsoft.Extensions.Logging;
using Uploader.Application.Policies;
using Uploader.Application.Ports;

namespace Uploader.Application.Tasks.Commands.RemoveOrphanData;

public sealed partial class RemoveOrphanDataHandler(
    IStorageLeftovers leftovers,
    IMaintenanceQueries maintenance,
    RetentionPolicy retention,
    TimeProvider clock,
    ILogger<RemoveOrphanDataHandler> logger) : ICommandHandler<RemoveOrphanDataCommand, OrphanRemoval>
{
    public async ValueTask<OrphanRemoval> Handle(RemoveOrphanDataCommand command, CancellationToken cancellationToken)
    {
        var removed = await leftovers.RemoveAsync(
            maintenance.FindExistingTaskIdsAsync,
            clock.GetUtcNow().UtcDateTime - retention.LeftoverAge,
            cancellationToken);
        if (removed.TaskFolders > 0 || removed.LeftoverFiles > 0)
        {
            LogRemoved(removed.TaskFolders, removed.LeftoverFiles, removed.FreedBytes);
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed chunk data of {TaskFolders} deleted task(s) and {LeftoverFiles} leftover file(s): {FreedBytes} bytes")]
    private partial void LogRemoved(int taskFolders, int leftoverFiles, long freedBytes);
}
