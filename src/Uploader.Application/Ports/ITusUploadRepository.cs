using Uploader.Domain.Tasks;
using Uploader.Domain.Tus;

namespace Uploader.Application.Ports;

/// <summary>Loads and saves <see cref="TusUpload"/>s; the bytes are their tasks' chunks (<see cref="IUploadTaskRepository"/>).</summary>
public interface ITusUploadRepository
{
    Task<TusUpload?> FindAsync(string uploadId, CancellationToken cancellationToken);

    /// <summary>Stores a new upload with its task in one transaction.</summary>
    /// <exception cref="Errors.ConcurrentChange">An upload or task with this id exists already.</exception>
    Task AddAsync(TusUpload upload, UploadTask task, CancellationToken cancellationToken);

    /// <summary>Saves the claim or tail, refusing it when another PATCH claimed the upload since it was loaded.</summary>
    /// <exception cref="Errors.ConcurrentChange">The upload's claim changed since it was loaded.</exception>
    /// <exception cref="Errors.TaskNotFound">The upload was removed.</exception>
    Task SaveAsync(TusUpload upload, CancellationToken cancellationToken);

    /// <summary>The tail locations recorded for a task (at most one), which are no stray chunk versions.</summary>
    Task<IReadOnlySet<string>> TailLocationsAsync(Guid taskId, CancellationToken cancellationToken);
}
