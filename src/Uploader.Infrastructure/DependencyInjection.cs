using Microsoft.Extensions.DependencyInjection;
using Uploader.Application.Ports;
using Uploader.Infrastructure.Persistence;
using Uploader.Infrastructure.Persistence.Providers;
using Uploader.Infrastructure.Persistence.Auth;
using Uploader.Infrastructure.Resilience;
using Uploader.Infrastructure.Storage;

namespace Uploader.Infrastructure;

/// <param name="Database">The SQLite file's path, or for PostgreSQL an Npgsql connection string.</param>
public sealed record InfrastructureSettings(
    DatabaseProvider DatabaseProvider,
    string Database,
    string UploadDir,
    string MergedDir,
    bool AtomicOperations,
    RetrySettings Retry,
    long HardFloorBytes,
    string InstanceId = "local");

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, InfrastructureSettings settings)
    {
        var dialect = DatabaseDialect.For(settings.DatabaseProvider, settings.Database);
        dialect.AddContext(services);
        services.AddSingleton(dialect);
        services.AddSingleton<ChunkRecordWriter>();
        services.AddScoped<IUploadTaskRepository, EfUploadTaskRepository>();
        services.AddScoped<IUploadTaskReader, EfUploadTaskReader>();
        services.AddScoped<IMaintenanceQueries, EfMaintenanceQueries>();
        services.AddScoped<IUploadStatistics, EfUploadStatistics>();
        services.AddSingleton<IMergeLeases, EfMergeLeases>();
        services.AddSingleton<INamedLeases, EfNamedLeases>();
        services.AddScoped<IKeyAttemptStore, SqlKeyAttemptStore>();
        services.AddScoped<IWebSessionStore, EfWebSessionStore>();

        services.AddSingleton(new StorageLayout(
            settings.UploadDir, settings.MergedDir, settings.AtomicOperations, settings.HardFloorBytes, settings.InstanceId));
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
