using Mediator;
using Microsoft.AspNetCore.Mvc;
using Uploader.Api.Contracts;
using Uploader.Api.OpenApi;
using Uploader.Api.Problems;
using Uploader.Application.Folders.Queries.GetFolderTask;
using Uploader.Application.Tasks.Commands.BatchTasks;
using Uploader.Application.Tasks.Commands.CleanupTasks;
using Uploader.Application.Tasks.Commands.DeleteTask;
using Uploader.Application.Tasks.Commands.PauseTask;
using Uploader.Application.Tasks.Commands.ResumeTask;
using Uploader.Application.Tasks.Queries.GetTaskDetail;
using Uploader.Application.Tasks.Queries.ListTasks;
using Uploader.Domain.Tasks;

namespace Uploader.Api.Controllers;

/// <summary>Task management: list, inspect, pause, resume and delete tasks, alone or in batches, and clean up.</summary>
[ApiController]
[Route(BasePath.Segment + "/tasks")]
[Produces("application/json")]
[ProducesErrors(ErrorCodes.ValidationFailed, ErrorCodes.Unauthorized, ErrorCodes.TooManyRequests)]
public sealed class TasksController(IMediator mediator) : ControllerBase
{
    /// <summary>Lists tasks newest first (created_at, then id), a page at a time.</summary>
    /// <param name="status">Only tasks in this status: uploading, paused, merging, completed or failed.</param>
    /// <param name="page">1-based page number; default 1.</param>
    /// <param name="pageSize">Tasks per page, 1 to 500; default 50.</param>
    /// <param name="search">
    /// Only tasks whose filename or relative_path contains this text, ignoring case, `%` and `_` taken literally; a
    /// folder's row also by its folder_name or one of its files' names. At most 200 characters, no control characters;
    /// empty or blank means no search.
    /// </param>
    /// <param name="cancellationToken">Ends the query when the client goes away.</param>
    /// <remarks>`total` is the number of tasks the filter and the search select; a page past the end is empty.</remarks>
    [HttpGet]
    [ProducesResponseType<TaskListResponse>(StatusCodes.Status200OK)]
    public async Task<TaskListResponse> List(
        [FromQuery(Name = WireFields.Status), TaskStatusParameter] string? status,
        [FromQuery(Name = WireFields.Page)] int? page,
        [FromQuery(Name = WireFields.PageSize)] int? pageSize,
        [FromQuery(Name = WireFields.Search)] string? search,
        CancellationToken cancellationToken) =>
        TaskListResponse.From(await mediator.Send(new ListTasksQuery(status, page, pageSize, search), cancellationToken));

    /// <summary>The failed tasks, newest first, for go-uploader's page: at most 500; total counts them all.</summary>
    /// <remarks>The same rows as `GET tasks?status=failed&amp;page_size=500`. A task whose file_id is `failed` is found with upload_status or in the list.</remarks>
    [HttpGet("failed")]
    [ProducesResponseType<FailedTasksResponse>(StatusCodes.Status200OK)]
    public async Task<FailedTasksResponse> Failed(CancellationToken cancellationToken) =>
        FailedTasksResponse.From(await mediator.Send(FailedTasks.List, cancellationToken));

    /// <summary>Takes failed tasks back to uploading, as a resume of each would (go-uploader's "resume all").</summary>
    /// <remarks>The oldest 1000 failed tasks a call, as a batch resume by status; `resumed` counts those taken back.</remarks>
    [HttpPost("resume_all_failed")]
    [ProducesResponseType<ResumeAllFailedResponse>(StatusCodes.Status200OK)]
    public async Task<ResumeAllFailedResponse> ResumeAllFailed(CancellationToken cancellationToken) =>
        ResumeAllFailedResponse.From(await mediator.Send(FailedTasks.ResumeAll, cancellationToken));

    /// <summary>One task with every chunk row, its md5, merged file path and last error; or a folder upload with its files.</summary>
    /// <remarks>Given a folder_task_id, the answer is a folder's detail (`task_type: folder`, `sub_tasks`) instead.</remarks>
    [HttpGet("{file_id}")]
    [ProducesResponseType<TaskDetailResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<FolderDetailResponse>(StatusCodes.Status200OK)]
    [ProducesErrors(ErrorCodes.TaskNotFound)]
    public async Task<IActionResult> Get([FromRoute(Name = WireFields.FileId)] string fileId, CancellationToken cancellationToken)
    {
        var id = RouteFileId.Decode(fileId);
        return await mediator.Send(new GetFolderTaskQuery(id), cancellationToken) is { } folder
            ? Ok(FolderDetailResponse.From(folder))
            : Ok(TaskDetailResponse.From(await mediator.Send(new GetTaskDetailQuery(id), cancellationToken)));
    }

    /// <summary>Deletes a task with its chunks, or a folder with all its files; delete_file=true also deletes merged files.</summary>
    /// <param name="fileId">The task.</param>
    /// <param name="deleteFile">Also delete the merged file (completed tasks only); default false.</param>
    /// <param name="cancellationToken">Ends the request when the client goes away; a started removal completes.</param>
    /// <remarks>A task being merged cannot be deleted: 409 merge_in_progress.</remarks>
    [HttpDelete("{file_id}")]
    [ProducesResponseType<DeleteTaskResponse>(StatusCodes.Status200OK)]
    [ProducesErrors(ErrorCodes.InvalidPath, ErrorCodes.TaskNotFound, ErrorCodes.MergeInProgress, ErrorCodes.InvalidState)]
    public async Task<DeleteTaskResponse> Delete(
        [FromRoute(Name = WireFields.FileId)] string fileId,
        [FromQuery(Name = WireFields.DeleteFile)] bool? deleteFile,
        CancellationToken cancellationToken)
    {
        var deleted = await mediator.Send(new DeleteTaskCommand(RouteFileId.Decode(fileId), deleteFile ?? false), cancellationToken);
        return DeleteTaskResponse.From(deleted);
    }

    /// <summary>Pauses a task: its uploads and merges get 409 task_paused until it is resumed. A folder: its uploading files.</summary>
    [HttpPost("{file_id}/pause")]
    [ProducesResponseType<TaskSummaryResponse>(StatusCodes.Status200OK)]
    [ProducesErrors(ErrorCodes.TaskNotFound, ErrorCodes.TaskCompleted, ErrorCodes.MergeInProgress, ErrorCodes.InvalidState)]
    public async Task<TaskSummaryResponse> Pause([FromRoute(Name = WireFields.FileId)] string fileId, CancellationToken cancellationToken) =>
        TaskSummaryResponse.From(await mediator.Send(new PauseTaskCommand(RouteFileId.Decode(fileId)), cancellationToken));

    /// <summary>Resumes a paused task, or takes a failed one back to uploading. A folder: its paused and failed files.</summary>
    [HttpPost("{file_id}/resume")]
    [ProducesResponseType<TaskSummaryResponse>(StatusCodes.Status200OK)]
    [ProducesErrors(ErrorCodes.TaskNotFound, ErrorCodes.TaskCompleted, ErrorCodes.MergeInProgress, ErrorCodes.InvalidState)]
    public async Task<TaskSummaryResponse> Resume([FromRoute(Name = WireFields.FileId)] string fileId, CancellationToken cancellationToken) =>
        TaskSummaryResponse.From(await mediator.Send(new ResumeTaskCommand(RouteFileId.Decode(fileId)), cancellationToken));

    /// <summary>Removes tasks with their chunk data: the expired ones, or those a filter selects.</summary>
    /// <param name="status">Only tasks in this status (not merging).</param>
    /// <param name="olderThan">Only tasks without activity for this many days (0 to 36500).</param>
    /// <param name="cancellationToken">Ends the request when the client goes away; tasks removed so far stay removed.</param>
    /// <remarks>
    /// With neither parameter: tasks that are not completed and not merging and saw no activity (task change or
    /// chunk upload) for task_expiry_hours, as the periodic sweep does. A merging task is never removed, and merged
    /// files are never deleted: cleaning a completed task removes only its record.
    /// </remarks>
    [HttpPost("cleanup")]
    [ProducesResponseType<CleanupResponse>(StatusCodes.Status200OK)]
    public async Task<CleanupResponse> Cleanup(
        [FromQuery(Name = WireFields.Status), TaskStatusParameter(UploadTaskStatus.Merging)] string? status,
        [FromQuery(Name = WireFields.OlderThan)] int? olderThan,
        CancellationToken cancellationToken) =>
        CleanupResponse.From(await mediator.Send(new CleanupTasksCommand(status, olderThan), cancellationToken));

    /// <summary>Pauses, resumes or deletes many tasks, named by file_ids or selected by status; one result per task.</summary>
    /// <remarks>
    /// Exactly one of `file_ids` (1 to 1000, a repeated id counts once) and `status` (the oldest 1000 tasks in it
    /// when the batch starts). Each task is treated as its own request would be: a refusal (`task_not_found`,
    /// `task_paused`, `merge_in_progress`, ...) is that task's `code` and does not stop the others.
    /// `delete_file: true` is accepted with `delete` only.
    /// </remarks>
    [HttpPost("batch")]
    [ProducesResponseType<BatchResponse>(StatusCodes.Status200OK)]
    [ProducesErrors(ErrorCodes.ChunkTooLarge)]
    public async Task<BatchResponse> Batch([FromBody] BatchRequest request, CancellationToken cancellationToken) =>
        BatchResponse.From(await mediator.Send(request.ToCommand(), cancellationToken));
}
