using Mediator;
using Microsoft.Extensions.Logging;
using Uploader.Application.Policies;
using Uploader.Application.Ports;

namespace Uploader.Application.Tasks.Commands.CleanupTasks;

/// <summary>
/// Lists the selected tasks a page at a time in id order and removes each one that the criteria still select
/// inside its removal transaction, so a task that became active again since it was listed is kept.
/// </summary>
public sealed partial class CleanupTasksHandler(
    IMaintenanceQueries maintenance,
    TaskRemoval removal,
    RetentionPolicy retention,
    TimeProvider clock,
    ILogger<CleanupTasksHandler> logger) : ICommandHandler<CleanupTasksCommand, CleanupTasksResult>
{
    /// <summary>Candidates read per query; bounds memory whatever the number of tasks.</summary>
    internal const int PageSize = 200;

    public async ValueTask<CleanupTasksResult> Handle(CleanupTasksCommand command, CancellationToken cancellationToken)
    {
        var criteria = CriteriaOf(command);
        var cleaned = 0;
        long freed = 0;
        Guid? after = null;
        while (true)
        {
            var candidates = await maintenance.FindCleanupCandidatesAsync(criteria, after, PageSize, cancellationToken);
            foreach (var candidate in candidates)
            {
                after = candidate.Id;
                if (await removal.RemoveIfSelectedAsync(candidate, criteria, cancellationToken) is { } bytes)
                {
                    cleaned++;
                    freed += bytes;
                }
            }

            if (candidates.Count < PageSize)
            {
                break;
            }
        }

        if (cleaned > 0)
        {
            LogCleaned(cleaned, freed);
        }

        return new CleanupTasksResult(cleaned, freed);
    }

    private CleanupCriteria CriteriaOf(CleanupTasksCommand command)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (command.Status is null && command.OlderThanDays is null)
        {
            return CleanupCriteria.Expired(now - retention.TaskExpiry);
        }

        DateTime? idleBefore = command.OlderThanDays is { } days ? now.AddDays(-days) : null;
        return CleanupCriteria.Matching(TaskStatusNames.Parse(command.Status), idleBefore);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup removed {Cleaned} task(s) and {FreedBytes} bytes of chunk data")]
    private partial void LogCleaned(int cleaned, long freedBytes);
}
