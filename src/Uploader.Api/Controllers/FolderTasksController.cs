using Mediator;
using Microsoft.AspNetCore.Mvc;
using Uploader.Api.Contracts;
using Uploader.Api.OpenApi;
using Uploader.Api.Problems;
using Uploader.Application.Errors;
using Uploader.Application.Folders.Queries.GetFolderTask;
using Uploader.Application.Tasks.Views;

namespace Uploader.Api.Controllers;

/// <summary>
/// Folder uploads (go-uploader's folder_tasks): declare a folder's files, then upload and merge each file as a task
/// with its file_id. Pause, resume, delete and the detail of a folder are the task routes given its folder_task_id.
/// </summary>
[ApiController]
[Route(BasePath.Segment + "/folder_tasks")]
[Produces("application/json")]
[ProducesErrors(ErrorCodes.ValidationFailed, ErrorCodes.Unauthorized, ErrorCodes.TooManyRequests)]
public sealed class FolderTasksController(IMediator mediator) : ControllerBase
{
    // 10,000 files (the validator's cap) with paths of about a kilobyte each and their JSON around them; every other
    // JSON body stays under the server's 1 MiB.
    private const long BodyLimit = 16L * 1024 * 1024;

    /// <summary>Creates a folder upload with one task per file, each checked as a first chunk's name and size are.</summary>
    /// <remarks>
    /// A file's relative_path is where it is merged (empty: folder_name/name); two files may not share one. The body may be
    /// up to 16 MiB.
    /// </remarks>
    [HttpPost]
    [RequestSizeLimit(BodyLimit)]
    [ProducesResponseType<FolderTaskCreatedResponse>(StatusCodes.Status200OK)]
    [ProducesErrors(ErrorCodes.InvalidPath, ErrorCodes.FileTooLarge, ErrorCodes.ExtensionNotAllowed, ErrorCodes.InsufficientStorage)]
    public async Task<FolderTaskCreatedResponse> Create([FromBody] CreateFolderTaskRequest request, CancellationToken cancellationToken) =>
        FolderTaskCreatedResponse.From(await mediator.Send(request.ToCommand(), cancellationToken));

    /// <summary>The folder's file counts, sizes, completion rate and status.</summary>
    [HttpGet("{folder_task_id}/summary")]
    [ProducesResponseType<FolderSummaryResponse>(StatusCodes.Status200OK)]
    [ProducesErrors(ErrorCodes.TaskNotFound)]
    public async Task<FolderSummaryResponse> Summary([FromRoute(Name = WireFields.FolderTaskId)] string id, CancellationToken cancellationToken) =>
        FolderSummaryResponse.From(await FindAsync(id, cancellationToken));

    /// <summary>The folder's files as task summaries, each with its parent_task_id, ordered by relative path.</summary>
    [HttpGet("{folder_task_id}/sub_tasks")]
    [ProducesResponseType<FolderSubTasksResponse>(StatusCodes.Status200OK)]
    [ProducesErrors(ErrorCodes.TaskNotFound)]
    public async Task<FolderSubTasksResponse> SubTasks([FromRoute(Name = WireFields.FolderTaskId)] string id, CancellationToken cancellationToken) =>
        FolderSubTasksResponse.From(await FindAsync(id, cancellationToken));

    private async Task<FolderView> FindAsync(string id, CancellationToken cancellationToken) =>
        await mediator.Send(new GetFolderTaskQuery(RouteFileId.Decode(id)), cancellationToken) ?? throw new TaskNotFound(id);
}
