using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Folders;

namespace Uploader.Application.Folders.Commands;

/// <summary>
/// The folder half of pause and resume: the task routes take a folder_task_id as well as a file_id (contract v2),
/// and a folder's change applies to all its files in one save.
/// </summary>
internal static class FolderStateChange
{
    private const int Attempts = 3;

    /// <returns>The folder's summary after the change; null when no folder has this id (it may be a file_id).</returns>
    public static async ValueTask<TaskSummaryView?> TryApplyAsync(
        IFolderUploadRepository folders,
        IUploadTaskReader reader,
        string id,
        Func<FolderUpload, int> change,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var folder = await folders.FindAsync(id, cancellationToken);
            if (folder is null)
            {
                return null;
            }

            try
            {
                if (change(folder) > 0)
                {
                    await folders.SaveAsync(folder, cancellationToken);
                }

                return (await reader.GetFolderAsync(id, cancellationToken))?.Summary;
            }
            catch (ConcurrentChange) when (attempt < Attempts)
            {
                // A file changed meanwhile (a chunk's merge claim, another pause): apply the change to what it left.
            }
        }
    }
}
