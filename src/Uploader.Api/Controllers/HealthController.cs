using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Uploader.Api.Contracts;
using Uploader.Api.Health;

namespace Uploader.Api.Controllers;

/// <summary>
/// The three probes; public, no key needed, and none is added when auth is on. GET and HEAD only, so a POST gets
/// the same 405 as on any other GET endpoint. Each report of /health and /health/ready is reused for a second
/// (<see cref="HealthReportCache"/>), so probes cost little however many.
/// </summary>
[ApiController]
[AllowAnonymous]
[Route(BasePath.Segment + "/health")]
[Produces("application/json")]
public sealed class HealthController(TimeProvider clock, HealthReportCache reports) : ControllerBase
{
    /// <summary>Runs every health check: database, upload_dir, merged_dir, disk_space.</summary>
    /// <remarks>
    /// A warning (disk above disk_warning_percent or below min_free_disk_bytes) still answers 200; unhealthy answers
    /// 503 and the failing check says why. Answers carry Cache-Control: no-store.
    /// </remarks>
    [HttpGet]
    [HttpHead]
    [ProducesResponseType<HealthResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<HealthResponse>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> Health(CancellationToken cancellationToken) =>
        new HealthReportResult(await reports.ReportAsync(nameof(Health), UploaderHealthChecks.Every, cancellationToken));

    /// <summary>Readiness: the database answers, both folders take writes, the disk is above the hard floor.</summary>
    /// <remarks>A warning does not make the server unready; unhealthy answers 503. Answers carry Cache-Control: no-store.</remarks>
    [HttpGet("ready")]
    [HttpHead("ready")]
    [ProducesResponseType<HealthResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<HealthResponse>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> Ready(CancellationToken cancellationToken) =>
        new HealthReportResult(await reports.ReportAsync(nameof(Ready), UploaderHealthChecks.Ready, cancellationToken));

    /// <summary>Answers 200 while the process runs; checks no dependency.</summary>
    [HttpGet("live")]
    [HttpHead("live")]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    [ProducesResponseType<LiveResponse>(StatusCodes.Status200OK)]
    public LiveResponse Live() => new("alive", clock.GetUtcNow().UtcDateTime);
}
