using Microsoft.AspNetCore.Mvc;
using Uploader.Api.Contracts;
using Uploader.Api.OpenApi;
using Uploader.Api.Problems;
using Uploader.Api.Uploads;
using Uploader.Application.Policies;

namespace Uploader.Api.Controllers;

/// <summary>The server's upload limits, so that a client can refuse a bad chunk size before it creates a task.</summary>
[ApiController]
[Route(BasePath.Segment + "/limits")]
[Produces("application/json")]
[ProducesErrors(ErrorCodes.Unauthorized, ErrorCodes.TooManyRequests)]
public sealed class LimitsController(UploadPolicy policy, UploadSlots slots) : ControllerBase
{
    /// <summary>max_file_size, max_chunk_size, max_chunks, allowed_extensions, enable_integrity_check, on_conflict and parallel_uploads as in force.</summary>
    [HttpGet]
    [ProducesResponseType<LimitsResponse>(StatusCodes.Status200OK)]
    public LimitsResponse Get() => LimitsResponse.From(policy, slots);
}
