using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Uploader.Infrastructure.Persistence.Providers;
using Uploader.Infrastructure.Storage;

namespace Uploader.Infrastructure.Persistence;

/// <summary>
/// Runs once before the server takes requests: applies the provider's migrations (once, however many instances
/// start together; SQLite then switches to WAL), creates the folders and clears this instance's staging leftovers.
/// Interrupted merges are settled by the start-up reconciliation, which can read the storage through its port.
/// </summary>
public sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopes,
    StorageLayout layout,
    DatabaseDialect dialect,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        layout.EnsureFolders();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UploaderDbContext>();
        await dialect.MigrateAsync(db, cancellationToken);

        ClearStaging();
    }

    /// <summary>
    /// None of this instance's requests is in flight before it listens, so every body in its own staging folder is a
    /// leftover; the other instances' folders are theirs (the sweep removes what they leave, by age).
    /// </summary>
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} staged request bodies left by an earlier run")]
    private partial void LogStagingCleared(int count);

}
