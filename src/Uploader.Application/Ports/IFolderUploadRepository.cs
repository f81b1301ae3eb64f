using Uploader.Domain.Folders;

namespace Uploader.Application.Ports;

/// <summary>Loads and saves <see cref="FolderUpload"/>s with their files' task rows (never their chunks).</summary>
public interface IFolderUploadRepository
{
    Task<FolderUpload?> FindAsync(string folderTaskId, CancellationToken cancellationToken);

    /// <summary>Stores a new folder and its files' tasks in one transaction.</summary>
    /// <exception cref="Errors.ConcurrentChange">A folder or task with one of these ids exists already.</exception>
    Task AddAsync(FolderUpload folder, CancellationToken cancellationToken);

    /// <summary>Saves its files' state changes, refusing all of them if any file changed since it was loaded.</summary>
    /// <exception cref="Errors.ConcurrentChange">A file changed since the folder was loaded.</exception>
    Task SaveAsync(FolderUpload folder, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the folder's row with its files' task and chunk rows. Run it inside
    /// <see cref="IUploadTaskRepository.InTransactionAsync{T}"/> after <see cref="FolderUpload.EnsureRemovable"/>.
    /// </summary>
    Task RemoveAsync(FolderUpload folder, CancellationToken cancellationToken);
}
