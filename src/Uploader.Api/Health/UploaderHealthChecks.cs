using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Uploader.Api.Configuration;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Infrastructure.Persistence;
using Uploader.Infrastructure;
using Uploader.Infrastructure.Storage;
using Uploader.Infrastructure.Storage.S3;

namespace Uploader.Api.Health;

/// <summary>
/// The health checks the probes of <see cref="Controllers.HealthController"/> run. /health runs every check;
/// /health/ready only those tagged ready, which are all of them today.
/// </summary>
public static class UploaderHealthChecks
{
    public const string Database = "database";
    public const string UploadDir = "upload_dir";
    public const string MergedDir = "merged_dir";
    public const string DiskSpace = "disk_space";
    public const string Bucket = "bucket";

    /// <summary>Checks whose failure means the server cannot serve uploads, so a balancer should stop sending them.</summary>
    public const string ReadyTag = "ready";

    public static readonly Func<HealthCheckRegistration, bool> Every = _ => true;

    public static readonly Func<HealthCheckRegistration, bool> Ready = check => check.Tags.Contains(ReadyTag);

    public static IServiceCollection AddUploaderHealthChecks(this IServiceCollection services, UploaderSettings settings, UploadPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(policy);
        var thresholds = new DiskThresholds(settings.DiskWarningPercent, policy.MinFreeDiskBytes, policy.HardFloorBytes);
        string[] ready = [ReadyTag];
        var checks = services.AddHealthChecks()
            .AddDbContextCheck<UploaderDbContext>(Database, HealthStatus.Unhealthy, ready, ReadTasksTableAsync)
            .Add(new HealthCheckRegistration(
                UploadDir, sp => new WritableFolderHealthCheck(sp.GetRequiredService<StorageLayout>().UploadDir), HealthStatus.Unhealthy, ready))
            .Add(new HealthCheckRegistration(
                MergedDir, sp => new WritableFolderHealthCheck(sp.GetRequiredService<StorageLayout>().MergedDir), HealthStatus.Unhealthy, ready))
            .Add(new HealthCheckRegistration(
                DiskSpace, sp => new DiskSpaceHealthCheck(sp.GetRequiredService<IStorageSpace>(), thresholds), HealthStatus.Unhealthy, ready));
        if (settings.Storage == StorageKind.S3)
        {
            checks.Add(new HealthCheckRegistration(
                Bucket, sp => new BucketHealthCheck(sp.GetRequiredService<BucketClient>(), sp.GetRequiredService<S3Keys>()), HealthStatus.Unhealthy, ready));
        }

        services.AddSingleton<HealthReportCache>();
        return services;
    }

    /// <summary>
    /// More than a connection: SQLite "connects" to a missing file by creating it, so the check reads the
    /// tasks table, which also proves the schema is there. Any row or none is fine: an EXISTS, not a first row,
    /// which EF warns about when unordered.
    /// </summary>
    private static async Task<bool> ReadTasksTableAsync(UploaderDbContext db, CancellationToken cancellationToken)
    {
        _ = await db.Tasks.AnyAsync(cancellationToken);
        return true;
    }
}
