using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Polly;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Persistence.Configurations;
using Uploader.Infrastructure.Persistence.Providers;
using Uploader.Infrastructure.Resilience;

namespace Uploader.Infrastructure.Persistence;

internal sealed class EfUploadTaskRepository(
    UploaderDbContext db, ResiliencePipelines pipelines, ChunkRecordWriter writer, DatabaseDialect dialect)
    : IUploadTaskRepository
{
    private bool _inTransaction;

    private ResiliencePipeline Retry => pipelines.Database;

    public async Task<UploadTask?> FindAsync(string fileId, CancellationToken cancellationToken)
    {
        await LockInTransactionAsync(fileId, cancellationToken);
        return await db.Tasks.SingleOrDefaultAsync(t => t.FileId == fileId, cancellationToken);
    }

    public async Task<UploadTask?> FindWithChunkAsync(string fileId, int index, CancellationToken cancellationToken)
    {
        await LockInTransactionAsync(fileId, cancellationToken);
        return await db.Tasks.Include(t => t.Chunks.Where(c => c.Index == index))
            .SingleOrDefaultAsync(t => t.FileId == fileId, cancellationToken);
    }

    public async Task<UploadTask?> FindWithAllChunksAsync(string fileId, CancellationToken cancellationToken)
    {
        await LockInTransactionAsync(fileId, cancellationToken);
        return await db.Tasks.Include(t => t.Chunks).AsSplitQuery()
            .SingleOrDefaultAsync(t => t.FileId == fileId, cancellationToken);
    }

    /// <summary>
    /// Inside <see cref="InTransactionAsync"/>, a task is locked before it is read where the provider needs it
    /// (PostgreSQL's FOR UPDATE): chunk records of the task in flight commit first and are read, later ones wait for
    /// the commit and then see what it decided, as under SQLite's write lock.
    /// </summary>
    private async Task LockInTransactionAsync(string fileId, CancellationToken cancellationToken)
    {
        if (_inTransaction && dialect.LockTaskRowSql is { } sql)
        {
            await db.Database.ExecuteSqlRawAsync(sql, [fileId], cancellationToken);
        }
    }

    public async Task<UploadTask> AddOrGetAsync(UploadTask task, CancellationToken cancellationToken)
    {
        db.Tasks.Add(task);
        try
        {
            await Retry.ExecuteAsync(async ct => await db.SaveChangesAsync(ct), cancellationToken);
            return task;
        }
        catch (DbUpdateException ex) when (ex.InnerException is { } inner && dialect.IsConstraintViolation(inner))
        {
            db.ChangeTracker.Clear();
            return await FindAsync(task.FileId, cancellationToken) ?? throw new ConcurrentChange(task.FileId);
        }
    }

    /// <summary>
    /// Hands the changed chunk rows to the group-commit writer and waits for the shared commit; the rows are not
    /// written by this context. A busy database fails a whole batch before anything is stored, so it is retried.
    /// </summary>
    public async Task SaveChunksAsync(UploadTask task, CancellationToken cancellationToken)
    {
        var entries = ChangedChunks();
        try
        {
            var count = task.UploadedChunks;
            foreach (var entry in entries)
            {
                var row = RowOf(task, entry);
                count = await Retry.ExecuteAsync(async _ => await writer.RecordAsync(row), cancellationToken);
            }

            foreach (var entry in entries)
            {
                entry.State = EntityState.Unchanged;
            }

            var stored = db.Entry(task).Property(t => t.UploadedChunks);
            stored.CurrentValue = count;
            stored.OriginalValue = count;
            stored.IsModified = false;
        }
        catch
        {
            // What this context tracks no longer matches the store; a retry loads the task again.
            db.ChangeTracker.Clear();
            throw;
        }
    }

    private List<EntityEntry<ChunkState>> ChangedChunks()
    {
        db.ChangeTracker.DetectChanges();
        return db.ChangeTracker.Entries<ChunkState>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
    }

    /// <summary>Every mapped column of the chunk with its provider value, as EF itself would write it.</summary>
    private static ChunkRow RowOf(UploadTask task, EntityEntry<ChunkState> entry)
    {
        var columns = entry.Properties
            .Select(p => new KeyValuePair<string, object?>(
                p.Metadata.GetColumnName(),
                p.Metadata.GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(p.CurrentValue) : p.CurrentValue))
            .ToList();
        var replaced = entry.State == EntityState.Added ? null : (string?)entry.Property(c => c.Location).OriginalValue;
        return new ChunkRow(task.Id, task.FileId, entry.Entity.Index, columns, replaced);
    }

    public Task RecordMergeProgressAsync(Guid taskId, long mergedBytes, CancellationToken cancellationToken) =>
        db.Tasks.Where(t => t.Id == taskId && t.Status == UploadTaskStatus.Merging)
            .ExecuteUpdateAsync(set => set.SetProperty(t => EF.Property<long?>(t, UploadTaskConfiguration.MergedBytes), mergedBytes), cancellationToken);

    public Task RecordMergeLeaseAsync(Guid taskId, string owner, DateTime until, CancellationToken cancellationToken) =>
        db.Tasks.Where(t => t.Id == taskId && t.Status == UploadTaskStatus.Merging)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(t => EF.Property<string?>(t, UploadTaskConfiguration.MergeOwner), owner)
                    .SetProperty(t => EF.Property<DateTime?>(t, UploadTaskConfiguration.MergeLeaseExpiresAt), until),
                cancellationToken);

    public async Task<bool> TakeOverMergeAsync(
        UploadTask task, string owner, DateTime now, DateTime until, bool heldByEarlierRun, CancellationToken cancellationToken)
    {
        var taken = await db.Tasks
            .Where(t => t.Id == task.Id && t.Status == UploadTaskStatus.Merging
                && (EF.Property<DateTime?>(t, UploadTaskConfiguration.MergeLeaseExpiresAt) == null
                    || EF.Property<DateTime?>(t, UploadTaskConfiguration.MergeLeaseExpiresAt) < now
                    || (heldByEarlierRun && EF.Property<string?>(t, UploadTaskConfiguration.MergeOwner) == owner)))
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(t => EF.Property<string?>(t, UploadTaskConfiguration.MergeOwner), owner)
                    .SetProperty(t => EF.Property<DateTime?>(t, UploadTaskConfiguration.MergeLeaseExpiresAt), until)
                    .SetProperty(t => t.Version, t => t.Version + 1),
                cancellationToken);
        if (taken == 0)
        {
            return false;
        }

        await db.Entry(task).ReloadAsync(cancellationToken);
        return true;
    }

    public async Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        _inTransaction = true;
        try
        {
            var result = await work(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _inTransaction = false;
        }
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

        // A folder's last file takes the folder with it (a delete or cleanup of its files one by one), in the caller's
        // transaction: no folder of no files is left to list.
        if (task.FolderId is { } folderId)
        {
            await db.Folders.Where(f => f.Id == folderId && !db.Tasks.Any(t => t.FolderId == folderId))
                .ExecuteDeleteAsync(cancellationToken);
        }
    }
}
