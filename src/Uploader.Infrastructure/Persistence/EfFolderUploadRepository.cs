using Microsoft.EntityFrameworkCore;
using Polly;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Domain.Folders;
using Uploader.Infrastructure.Persistence.Providers;
using Uploader.Infrastructure.Resilience;

namespace Uploader.Infrastructure.Persistence;

internal sealed class EfFolderUploadRepository(UploaderDbContext db, ResiliencePipelines pipelines, DatabaseDialect dialect)
    : IFolderUploadRepository
{
    private ResiliencePipeline Retry => pipelines.Database;

    public async Task<FolderUpload?> FindAsync(string folderTaskId, CancellationToken cancellationToken)
    {
        // Inside a removal's transaction the files are locked before they are read, as EfUploadTaskRepository locks a
        // task: no merge claim of one of them can commit between the check and the removal.
        if (db.Database.CurrentTransaction is not null && dialect.LockFolderFilesSql is { } sql)
        {
            await db.Database.ExecuteSqlRawAsync(sql, [folderTaskId], cancellationToken);
        }

        return await db.Folders.Include(f => f.Files).SingleOrDefaultAsync(f => f.FolderTaskId == folderTaskId, cancellationToken);
    }

    public async Task AddAsync(FolderUpload folder, CancellationToken cancellationToken)
    {
        db.Folders.Add(folder);
        try
        {
            await Retry.ExecuteAsync(async ct => await db.SaveChangesAsync(ct), cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is { } inner && dialect.IsConstraintViolation(inner))
        {
            db.ChangeTracker.Clear();
            throw new ConcurrentChange(folder.FolderTaskId);
        }
    }

    public async Task SaveAsync(FolderUpload folder, CancellationToken cancellationToken)
    {
        try
        {
            await Retry.ExecuteAsync(async ct => await db.SaveChangesAsync(ct), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new ConcurrentChange(folder.FolderTaskId);
        }
    }

    public async Task RemoveAsync(FolderUpload folder, CancellationToken cancellationToken)
    {
        // The files' rows go by ON DELETE CASCADE from the folder, their chunk rows by theirs from the task; the files
        // are removed through the context too, so that their versions are checked.
        db.Tasks.RemoveRange(folder.Files);
        db.Folders.Remove(folder);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new ConcurrentChange(folder.FolderTaskId);
        }
    }
}
