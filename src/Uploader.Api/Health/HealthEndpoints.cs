using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Uploader.Api.Configuration;
using Uploader.Api.Contracts;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Infrastructure.Persistence;
using Uploader.Infrastructure.Storage;

namespace Uploader.Api.Health;

/// <summary>
/// The health checks and the two probes that run them. /health runs every check; /health/ready only those
/// tagged ready, which are all of them today: a warning answers 200 on both, unhealthy answers 503. Each
/// probe's report is reused for a second (<see cref="HealthReportCache"/>), so probes cost little however many.
/// The liveness probe checks nothing and is an action of <see cref="Controllers.HealthController"/>.
/// </summary>
public static class HealthEndpoints
{
    public const string HealthPath = BasePath.Absolute + "/health";
    public const string ReadyPath = HealthPath + "/ready";

    public const string Database = "database";
    public const string UploadDir = "upload_dir";
    public const string MergedDir = "merged_dir";
    public const string DiskSpace = "disk_space";

    /// <summary>Checks whose failure means the server cannot serve uploads, so a balancer should stop sending them.</summary>
    public const string ReadyTag = "ready";

    public static IServiceCollection AddUploaderHealthChecks(this IServiceCollection services, UploaderSettings settings, UploadPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(policy);
        var thresholds = new DiskThresholds(settings.DiskWarningPercent, policy.MinFreeDiskBytes, policy.HardFloorBytes);
        string[] ready = [ReadyTag];
        services.AddHealthChecks()
            .AddDbContextCheck<UploaderDbContext>(Database, HealthStatus.Unhealthy, ready, ReadTasksTableAsync)
            .Add(new HealthCheckRegistration(
                UploadDir, sp => new WritableFolderHealthCheck(sp.GetRequiredService<StorageLayout>().UploadDir), HealthStatus.Unhealthy, ready))
            .Add(new HealthCheckRegistration(
                MergedDir, sp => new WritableFolderHealthCheck(sp.GetRequiredService<StorageLayout>().MergedDir), HealthStatus.Unhealthy, ready))
            .Add(new HealthCheckRegistration(
                DiskSpace, sp => new DiskSpaceHealthCheck(sp.GetRequiredService<IStorageSpace>(), thresholds), HealthStatus.Unhealthy, ready));
        services.AddSingleton<HealthReportCache>();
        return services;
    }

    /// <summary>
    /// Public like the liveness probe: no key is needed, and none is added when auth is on. GET and HEAD only,
    /// so a POST gets the same 405 as on any other GET endpoint. Described in OpenAPI by HealthDocumentFilter.
    /// </summary>
    public static IEndpointRouteBuilder MapUploaderHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        MapProbe(endpoints, HealthPath, _ => true);
        MapProbe(endpoints, ReadyPath, check => check.Tags.Contains(ReadyTag));
        return endpoints;
    }

    private static void MapProbe(IEndpointRouteBuilder endpoints, string path, Func<HealthCheckRegistration, bool> predicate) =>
        endpoints.MapMethods(path, [HttpMethods.Get, HttpMethods.Head], async (HttpContext context, HealthReportCache reports) =>
            {
                var report = await reports.ReportAsync(path, predicate, context.RequestAborted);
                context.Response.StatusCode = report.Status == HealthStatus.Unhealthy
                    ? StatusCodes.Status503ServiceUnavailable
                    : StatusCodes.Status200OK;

                // A probe's answer is about this moment; the second of reuse is the server's, no cache's.
                var headers = context.Response.Headers;
                headers.CacheControl = "no-store, no-cache";
                headers.Pragma = "no-cache";
                headers.Expires = "Thu, 01 Jan 1970 00:00:00 GMT";
                await HealthReportWriter.WriteAsync(context, report);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

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
