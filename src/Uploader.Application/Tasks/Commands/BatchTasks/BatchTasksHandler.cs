using Mediator;
using Microsoft.Extensions.Logging;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Domain.Errors;

namespace Uploader.Application.Tasks.Commands.BatchTasks;

/// <summary>
/// Runs the action task by task with the same rules as the single-task endpoints (pause and resume through
/// <see cref="TaskStateChange"/>, delete through <see cref="TaskRemoval"/>). Tasks selected by status are a
/// snapshot: the oldest <see cref="BatchTasksValidator.MaxTasks"/> in that status when the batch starts.
/// </summary>
public sealed partial class BatchTasksHandler(
    IUploadTaskRepository tasks,
    IMaintenanceQueries maintenance,
    TaskRemoval removal,
    TimeProvider clock,
    ILogger<BatchTasksHandler> logger) : ICommandHandler<BatchTasksCommand, BatchTasksResult>
{
    public async ValueTask<BatchTasksResult> Handle(BatchTasksCommand command, CancellationToken cancellationToken)
    {
        // A file_id named twice is one task: it gets one result, like every other task.
        var fileIds = command.FileIds is { } named
            ? named.Distinct(StringComparer.Ordinal).ToList()
            : await maintenance.ListFileIdsAsync(
                TaskStatusNames.Parse(command.Status)!.Value, BatchTasksValidator.MaxTasks, cancellationToken);

        var results = new List<BatchItemResult>(fileIds.Count);
        var refused = 0;
        foreach (var fileId in fileIds)
        {
            var error = await ApplyAsync(command, fileId, cancellationToken);
            refused += error is null ? 0 : 1;
            results.Add(new BatchItemResult(fileId, error));
        }

        LogBatch(command.Action!, results.Count, refused);
        return new BatchTasksResult(results);
    }

    /// <returns>Null when the action succeeded, otherwise why it was refused.</returns>
    private async Task<Exception?> ApplyAsync(BatchTasksCommand command, string fileId, CancellationToken ct)
    {
        try
        {
            await (command.Action switch
            {
                BatchActions.Pause => TaskStateChange.ChangeAsync(tasks, fileId, task => task.Pause(Now), ct),
                BatchActions.Resume => TaskStateChange.ChangeAsync(tasks, fileId, task => task.Resume(Now), ct),
                _ => removal.RemoveAsync(fileId, command.DeleteFile, ct),
            });
            return null;
        }
        catch (Exception ex) when (ex is DomainException or RequestRejectedException)
        {
            return ex;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault, not a refusal: logged with its stack, reported for this task, and the batch goes on.
            LogItemFailed(ex, command.Action!, fileId);
            return ex;
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {Action} over {Count} task(s): {Refused} refused")]
    private partial void LogBatch(string action, int count, int refused);

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch {Action} failed for task {FileId}")]
    private partial void LogItemFailed(Exception exception, string action, string fileId);
}
