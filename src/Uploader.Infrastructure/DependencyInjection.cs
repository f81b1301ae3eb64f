using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uploader.Application.Ports;
using Uploader.Infrastructure.Persistence;
using Uploader.Infrastructure.Persistence.Auth;
using Uploader.Infrastructure.Resilience;
using Uploader.Infrastructure.Storage;

namespace Uploader.Infrastructure;

public sealed record InfrastructureSettings(
    string DatabasePath,
    string UploadDir,
    string MergedDir,
    bool AtomicOperations,
    RetrySettings Retry,
    long HardFloorBytes);

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, InfrastructureSettings settings)
    {
        var databasePath = Path.GetFullPath(settings.DatabasePath);
        CreatedFiles.Folder(Path.GetDirectoryName(databasePath)!);
        CreatedFiles.EmptyFile(databasePath, CreatedFiles.PrivateMode);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        var busyWait = TimeSpan.FromSeconds(5);
        var busyTimeout = new SqliteBusyTimeout(busyWait);
        services.AddSingleton(_ => new ChunkRecordWriter(connectionString, busyWait));
        services.AddDbContext<UploaderDbContext>(options => options.UseSqlite(connectionString).AddInterceptors(busyTimeout));
        services.AddScoped<IUploadTaskRepository, EfUploadTaskRepository>();
        services.AddScoped<IUploadTaskReader, EfUploadTaskReader>();
        services.AddScoped<IMaintenanceQueries, EfMaintenanceQueries>();
        services.AddScoped<IUploadStatistics, EfUploadStatistics>();
        services.AddScoped<IKeyAttemptStore, SqlKeyAttemptStore>();
        services.AddScoped<IWebSessionStore, EfWebSessionStore>();

        services.AddSingleton(new StorageLayout(settings.UploadDir, settings.MergedDir, settings.AtomicOperations, settings.HardFloorBytes));
        services.AddSingleton(settings.Retry);
        services.AddSingleton<ResiliencePipelines>();
        services.AddSingleton<FileSystemChunkStorage>();
        services.AddSingleton<IChunkStorage>(provider => provider.GetRequiredService<FileSystemChunkStorage>());
        services.AddSingleton<IChunkStaging>(provider => provider.GetRequiredService<FileSystemChunkStorage>());
        services.AddSingleton<IStorageLeftovers, FileSystemLeftovers>();
        services.AddSingleton<IStorageSpace, DriveStorageSpace>();
        services.AddSingleton<DatabaseInitializer>();
        return services;
    }
}
