using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Uploader.Api.Contracts;

namespace Uploader.Api.Controllers;

/// <summary>Probes for load balancers; public, no key needed.</summary>
[ApiController]
[AllowAnonymous]
[Route("go-uploader/health")]
[Produces("application/json")]
public sealed class HealthController(TimeProvider clock) : ControllerBase
{
    /// <summary>Answers 200 while the process runs; checks no dependency.</summary>
    [HttpGet("live")]
    [ProducesResponseType<LiveResponse>(StatusCodes.Status200OK)]
    public LiveResponse Live() => new("alive", clock.GetUtcNow().UtcDateTime);
}
