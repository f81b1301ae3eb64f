using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Storage;

namespace Uploader.Infrastructure.Persistence;

/// <summary>
/// Runs once before the server takes requests: applies migrations, switches SQLite to WAL, creates the
/// folders, clears staging leftovers and takes merges that a crash interrupted back to `uploading`.
/// </summary>
public sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopes,
    StorageLayout layout,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        layout.EnsureFolders();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UploaderDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

        ClearStaging();
        await RecoverInterruptedMergesAsync(db, cancellationToken);
    }

    /// <summary>Nothing is in flight before the server starts, so every staged body is a leftover.</summary>
    private void ClearStaging()
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(layout.StagingDir))
        {
            File.Delete(file);
            removed++;
        }

        if (removed > 0)
        {
            LogStagingCleared(removed);
        }
    }

    private async Task RecoverInterruptedMergesAsync(UploaderDbContext db, CancellationToken ct)
    {
        var merging = await db.Tasks.Where(t => t.Status == UploadTaskStatus.Merging).ToListAsync(ct);
        foreach (var task in merging)
        {
            task.RecoverInterruptedMerge(clock.GetUtcNow().UtcDateTime);
            LogMergeRecovered(task.FileId);
        }

        await db.SaveChangesAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} staged request bodies left by an earlier run")]
    private partial void LogStagingCleared(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {FileId} was merging when the server stopped; it is back to uploading and can be merged again")]
    private partial void LogMergeRecovered(string fileId);
}
