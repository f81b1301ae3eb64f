using Mediator;
using Microsoft.AspNetCore.Mvc;
using Uploader.Api.Configuration;
using Uploader.Api.Contracts;
using Uploader.Api.OpenApi;
using Uploader.Api.Problems;
using Uploader.Application.Monitoring.Queries.GetSystemInfo;

namespace Uploader.Api.Controllers;

/// <summary>What the server runs on and with; needs the key, since it shows paths and settings.</summary>
[ApiController]
[Route(BasePath.Segment + "/system")]
[Produces("application/json")]
[ProducesErrors(ErrorCodes.Unauthorized, ErrorCodes.TooManyRequests)]
public sealed class SystemController(IMediator mediator, UploaderSettings settings) : ControllerBase
{
    /// <summary>Runtime figures, the effective configuration without the key, task counts per status and disk usage.</summary>
    /// <remarks>
    /// The configuration is every config.json key as in force after UPLOADER_* overrides; secret_key reads "***"
    /// when set. The disk figures are for the volumes holding upload_dir and merged_dir.
    /// </remarks>
    [HttpGet]
    [ProducesResponseType<SystemInfoResponse>(StatusCodes.Status200OK)]
    public async Task<SystemInfoResponse> Get(CancellationToken cancellationToken) =>
        SystemInfoResponse.From(await mediator.Send(new GetSystemInfoQuery(), cancellationToken), settings);
}
