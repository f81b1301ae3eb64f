using Microsoft.Extensions.DependencyInjection;
using Uploader.Application.Ports;
using Uploader.Infrastructure.Persistence;
using Uploader.Infrastructure.Persistence.Providers;
using Uploader.Infrastructure.Persistence.Auth;
using Uploader.Infrastructure.Resilience;
using Uploader.Infrastructure.Storage;
using Uploader.Infrastructure.Storage.S3;

namespace Uploader.Infrastructure;

/// <param name="Database">The SQLite file's path, or for PostgreSQL an Npgsql connection string.</param>
/// <param name="S3">Chunks and merged files in this bucket (storage s3); null: in the two folders (storage filesystem).</param>
public sealed record InfrastructureSettings(
    DatabaseProvider DatabaseProvider,
    string Database,
    string UploadDir,
    string MergedDir,
    bool AtomicOperations,
    RetrySettings Retry,
    long HardFloorBytes,
    string InstanceId = "local",
    S3Settings? S3 = null);

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, InfrastructureSettings settings)
    {
        var dialect = DatabaseDialect.For(settings.DatabaseProvider, settings.Database);
        dialect.AddContext(services);
        services.AddSingleton(dialect);
        services.AddSingleton<ChunkRecordWriter>();
        services.AddScoped<IUploadTaskRepository, EfUploadTaskRepository>();
        services.AddScoped<IFolderUploadRepository, EfFolderUploadRepository>();
        services.AddScoped<ITusUploadRepository, EfTusUploadRepository>();
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
        services.AddSingleton<FileSystemLeftovers>();
        services.AddSingleton<DriveStorageSpace>();
        if (settings.S3 is { } s3)
        {
            AddS3Storage(services, s3, settings.Retry);
        }
        else
        {
            services.AddSingleton<IChunkStorage>(provider => provider.GetRequiredService<FileSystemChunkStorage>());
            services.AddSingleton<IChunkStaging>(provider => provider.GetRequiredService<FileSystemChunkStorage>());
            services.AddSingleton<IStorageLeftovers>(provider => provider.GetRequiredService<FileSystemLeftovers>());
            services.AddSingleton<IStorageSpace>(provider => provider.GetRequiredService<DriveStorageSpace>());
            services.AddSingleton<IMergedFileLinks, StreamedDownloads>();
        }

        services.AddSingleton<DatabaseInitializer>();
        return services;
    }

    /// <summary>Request bodies are still staged on local disk (upload_dir/.staging); everything committed lives in the bucket.</summary>
    private static void AddS3Storage(IServiceCollection services, S3Settings s3, RetrySettings retry)
    {
        services.AddSingleton(s3);
        services.AddSingleton(new S3Keys(s3.Prefix));
        services.AddSingleton(_ => new BucketClient(CompatibleS3Client.Create(s3, retry.MaxRetries), s3));
        services.AddSingleton<S3ChunkStorage>();
        services.AddSingleton<IChunkStorage>(provider => provider.GetRequiredService<S3ChunkStorage>());
        services.AddSingleton<IChunkStaging>(provider => provider.GetRequiredService<S3ChunkStorage>());
        services.AddSingleton<IStorageLeftovers, S3Leftovers>();
        services.AddSingleton<IStorageSpace, S3StorageSpace>();
        services.AddSingleton<IMergedFileLinks, PresignedDownloads>();
    }
}
