using Microsoft.EntityFrameworkCore;
using Polly;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;
using Uploader.Domain.Tus;
using Uploader.Infrastructure.Persistence.Providers;
using Uploader.Infrastructure.Resilience;

namespace Uploader.Infrastructure.Persistence;

internal sealed class EfTusUploadRepository(UploaderDbContext db, ResiliencePipelines pipelines, DatabaseDialect dialect)
    : ITusUploadRepository
{
    private ResiliencePipeline Retry => pipelines.Database;

    public Task<TusUpload?> FindAsync(string uploadId, CancellationToken cancellationToken) =>
        db.TusUploads.SingleOrDefaultAsync(u => u.UploadId == uploadId, cancellationToken);

    public async Task AddAsync(TusUpload upload, UploadTask task, CancellationToken cancellationToken)
    {
        db.Tasks.Add(task);
        db.TusUploads.Add(upload);
        try
        {
            await Retry.ExecuteAsync(async ct => await db.SaveChangesAsync(ct), cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is { } inner && dialect.IsConstraintViolation(inner))
        {
            db.ChangeTracker.Clear();
            throw new ConcurrentChange(upload.UploadId);
        }
    }

    public async Task SaveAsync(TusUpload upload, CancellationToken cancellationToken)
    {
        try
        {
            await Retry.ExecuteAsync(async ct => await db.SaveChangesAsync(ct), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            if (!await db.TusUploads.AnyAsync(u => u.Id == upload.Id, cancellationToken))
            {
                throw new TaskNotFound(upload.UploadId);
            }

            throw new ConcurrentChange(upload.UploadId);
        }
    }

    public async Task<IReadOnlySet<string>> TailLocationsAsync(Guid taskId, CancellationToken cancellationToken) =>
        (await db.TusUploads.Where(u => u.TaskId == taskId && u.TailLocation != null).Select(u => u.TailLocation!)
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
}
