using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Commands;

/// <summary>Load a task, apply one state change, save it with a lost-update check, answer with its summary.</summary>
internal static class TaskStateChange
{
    private const int Attempts = 3;

    public static async ValueTask<TaskSummaryView> ApplyAsync(
        IUploadTaskRepository tasks,
        IUploadTaskReader reader,
        string fileId,
        Action<UploadTask> change,
        CancellationToken cancellationToken)
    {
        await ChangeAsync(tasks, fileId, change, cancellationToken);
        return await reader.GetSummaryAsync(fileId, cancellationToken) ?? throw new TaskNotFound(fileId);
    }

    /// <summary>The change alone, for callers that do not answer with the summary (a batch).</summary>
    public static async Task ChangeAsync(
        IUploadTaskRepository tasks,
        string fileId,
        Action<UploadTask> change,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var task = await tasks.FindAsync(fileId, cancellationToken) ?? throw new TaskNotFound(fileId);
            var version = task.Version;
            change(task);
            try
            {
                if (task.Version != version)
                {
                    await tasks.SaveAsync(task, cancellationToken);
                }

                return;
            }
            catch (ConcurrentChange) when (attempt < Attempts)
            {
                // Another request changed the task meanwhile: apply the change to what it left.
            }
        }
    }
}
