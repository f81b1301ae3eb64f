using Mediator;
using Microsoft.AspNetCore.Mvc;
using Uploader.Api.Contracts;
using Uploader.Api.OpenApi;
using Uploader.Application.Tasks.Commands.PauseTask;
using Uploader.Application.Tasks.Commands.ResumeTask;

namespace Uploader.Api.Controllers;

/// <summary>Operations on one task by its file_id.</summary>
[ApiController]
[Route("go-uploader/tasks")]
[Produces("application/json")]
[ProducesErrors(400, 401, 404, 409, 429)]
public sealed class TasksController(IMediator mediator) : ControllerBase
{
    /// <summary>Pauses a task: its uploads and merges get 409 task_paused until it is resumed.</summary>
    [HttpPost("{file_id}/pause")]
    [ProducesResponseType<TaskSummaryResponse>(StatusCodes.Status200OK)]
    public async Task<TaskSummaryResponse> Pause([FromRoute(Name = "file_id")] string fileId, CancellationToken cancellationToken) =>
        TaskSummaryResponse.From(await mediator.Send(new PauseTaskCommand(fileId), cancellationToken));

    /// <summary>Resumes a paused task, or takes a failed one back to uploading.</summary>
    [HttpPost("{file_id}/resume")]
    [ProducesResponseType<TaskSummaryResponse>(StatusCodes.Status200OK)]
    public async Task<TaskSummaryResponse> Resume([FromRoute(Name = "file_id")] string fileId, CancellationToken cancellationToken) =>
        TaskSummaryResponse.From(await mediator.Send(new ResumeTaskCommand(fileId), cancellationToken));
}
