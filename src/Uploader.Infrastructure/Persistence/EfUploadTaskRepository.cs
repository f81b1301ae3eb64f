using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Polly;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Persistence.Configurations;
using Uploader.Infrastructure.Resilience;

namespace Uploader.Infrastructure.Persistence;

internal sealed class EfUploadTaskRepository(UploaderDbContext db, ResiliencePipelines pipelines) : IUploadTaskRepository
{
    private ResiliencePipeline Retry => pipelines.Database;

    public Task<UploadTask?> FindAsync(string fileId, CancellationToken cancellationToken) =>
        db.Tasks.SingleOrDefaultAsync(t => t.FileId == fileId, cancellationToken);

    public Task<UploadTask?> FindWithChunkAsync(string fileId, int index, CancellationToken cancellationToken) =>
        db.Tasks.Include(t => t.Chunks.Where(c => c.Index == index))
            .SingleOrDefaultAsync(t => t.FileId == fileId, cancellationToken);

    public Task<UploadTask?> FindWithAllChunksAsync(string fileId, CancellationToken cancellationToken) =>
        db.Tasks.Include(t => t.Chunks).AsSplitQuery()
            .SingleOrDefaultAsync(t => t.FileId == fileId, cancellationToken);

    public async Task<UploadTask> AddOrGetAsync(UploadTask task, CancellationToken cancellationToken)
    {
        db.Tasks.Add(task);
        try
        {
            await Retry.ExecuteAsync(async ct => await db.SaveChangesAsync(ct), cancellationToken);
            return task;
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return await FindAsync(task.FileId, cancellationToken) ?? throw new ConcurrentChange(task.FileId);
        }
    }

    public async Task SaveChunksAsync(UploadTask task, CancellationToken cancellationToken)
    {
        try
        {
            await Retry.ExecuteAsync(
                async ct =>
                {
                    // SQLite starts this as BEGIN IMMEDIATE: the status read and the chunk write are one step
                    // with respect to a pause or merge that changes the status (ADR 0003).
                    await using var transaction = await db.Database.BeginTransactionAsync(ct);
                    var status = await db.Tasks.AsNoTracking()
                        .Where(t => t.Id == task.Id)
                        .Select(t => (UploadTaskStatus?)t.Status)
                        .SingleOrDefaultAsync(ct) ?? throw new TaskNotFound(task.FileId);
                    // Original and current value both: marking a property unmodified resets it to its original
                    // value, which would be the status loaded before a concurrent pause or merge claim.
                    var stored = db.Entry(task).Property(t => t.Status);
                    stored.OriginalValue = status;
                    stored.CurrentValue = status;
                    stored.IsModified = false;
                    task.EnsureAcceptingChunks();
                    await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                },
                cancellationToken);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            throw new ConcurrentChange(task.FileId);
        }
    }

    public Task RecordMergeProgressAsync(Guid taskId, long mergedBytes, CancellationToken cancellationToken) =>
        db.Tasks.Where(t => t.Id == taskId && t.Status == UploadTaskStatus.Merging)
            .ExecuteUpdateAsync(set => set.SetProperty(t => EF.Property<long?>(t, UploadTaskConfiguration.MergedBytes), mergedBytes), cancellationToken);

    public async Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await work(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public async Task SaveAsync(UploadTask task, CancellationToken cancellationToken)
    {
        try
        {
            await Retry.ExecuteAsync(async ct => await db.SaveChangesAsync(ct), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new ConcurrentChange(task.FileId);
        }
    }

    public async Task RemoveAsync(UploadTask task, CancellationToken cancellationToken)
    {
        // The chunk rows go by the foreign key's ON DELETE CASCADE, without being loaded.
        db.Tasks.Remove(task);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new ConcurrentChange(task.FileId);
        }
    }

    private static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException is SqliteException { SqliteErrorCode: 19 };
}
