using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Uploader.Api.Contracts;

namespace Uploader.Api.Controllers;

/// <summary>
/// The liveness probe; public, no key needed. /health and /health/ready run the health checks and are mapped
/// by <see cref="Health.HealthEndpoints"/>.
/// </summary>
[ApiController]
[AllowAnonymous]
[Route(BasePath.Segment + "/health")]
[Produces("application/json")]
public sealed class HealthController(TimeProvider clock) : ControllerBase
{
    /// <summary>Answers 200 while the process runs; checks no dependency.</summary>
    [HttpGet("live")]
    [HttpHead("live")]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    [ProducesResponseType<LiveResponse>(StatusCodes.Status200OK)]
    public LiveResponse Live() => new("alive", clock.GetUtcNow().UtcDateTime);
}
