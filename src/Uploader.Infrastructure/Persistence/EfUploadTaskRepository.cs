using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Polly;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;
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
                    // SQLite starts this as BEGIN IMMEDIATE. The guarded count comes first: a pause or merge claim
                    // committed before it refuses the chunk, one after it waits for this commit (ADR 0003).
                    await using var transaction = await db.Database.BeginTransactionAsync(ct);
                    foreach (var chunk in ChangedChunks())
                    {
                        await CountOnTaskAsync(task, chunk.Index, ct);
                    }

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

    private List<ChunkState> ChangedChunks()
    {
        db.ChangeTracker.DetectChanges();
        return db.ChangeTracker.Entries<ChunkState>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified)
            .Select(e => e.Entity)
            .ToList();
    }

    /// <summary>
    /// Counts the chunk on the task row, or refuses it with the error of the task's present state. The count the
    /// store returns replaces the loaded one, and the task row is not written again by SaveChanges.
    /// </summary>
    private async Task CountOnTaskAsync(UploadTask task, int index, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (await ChunkRecordSql.CountOnTaskAsync(connection, transaction, task.Id, index, ct) is not { } count)
        {
            var status = await ChunkRecordSql.StatusAsync(connection, transaction, task.Id, ct) ?? throw new TaskNotFound(task.FileId);
            throw (Exception?)UploadTask.RefusalIn(status, task.FileId, "accept chunks") ?? new ConcurrentChange(task.FileId);
        }

        var stored = db.Entry(task).Property(t => t.UploadedChunks);
        stored.CurrentValue = count;
        stored.OriginalValue = count;
        stored.IsModified = false;
    }

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
