using Mediator;
using Microsoft.AspNetCore.Mvc;
using Uploader.Api.Contracts;
using Uploader.Api.Metrics;
using Uploader.Api.OpenApi;
using Uploader.Api.Problems;
using Uploader.Api.Uploads;
using Uploader.Application.Tasks.Queries.GetUploadStatus;

namespace Uploader.Api.Controllers;

/// <summary>The upload path: send chunks, merge them, ask what is stored.</summary>
[ApiController]
[Route(BasePath.Segment)]
[Produces("application/json")]
[ProducesErrors(ErrorCodes.ValidationFailed, ErrorCodes.Unauthorized, ErrorCodes.TooManyRequests)]
public sealed class UploadsController(IMediator mediator, ChunkUploadFormReader formReader) : ControllerBase
{
    /// <summary>Stores one chunk of a file; the first chunk creates the task.</summary>
    /// <remarks>Re-sending a stored chunk with the same bytes changes nothing; different bytes replace it.</remarks>
    [HttpPost("upload_chunk")]
    [RefusesOversizedBody]
    [HoldsUploadSlot]
    [CountsChunkFailures]
    [ChunkUploadBody]
    [ProducesResponseType<UploadChunkResponse>(StatusCodes.Status200OK)]
    [ProducesErrors(
        ErrorCodes.InvalidPath, ErrorCodes.TaskNotFound, ErrorCodes.TaskPaused, ErrorCodes.TaskCompleted, ErrorCodes.MergeInProgress,
        ErrorCodes.InvalidState, ErrorCodes.TaskMismatch, ErrorCodes.ChunkTooLarge, ErrorCodes.FileTooLarge,
        ErrorCodes.ExtensionNotAllowed, ErrorCodes.ChecksumMismatch, ErrorCodes.SizeMismatch, ErrorCodes.InsufficientStorage)]
    public async Task<UploadChunkResponse> UploadChunk(CancellationToken cancellationToken)
    {
        await using var form = await formReader.ReadAsync(Request, cancellationToken);
        return UploadChunkResponse.From(await mediator.Send(form.ToCommand(), cancellationToken));
    }

    /// <summary>Merges the stored chunks into the file under merged_dir and verifies it.</summary>
    /// <remarks>Merging a completed task again returns the same answer without touching the file.</remarks>
    [HttpPost("merge_chunks")]
    [MergeRequestBody]
    [ProducesResponseType<MergeChunksResponse>(StatusCodes.Status200OK)]
    [ProducesErrors(
        ErrorCodes.InvalidPath, ErrorCodes.ChunksMissing, ErrorCodes.TaskNotFound, ErrorCodes.TaskPaused, ErrorCodes.MergeInProgress,
        ErrorCodes.InvalidState, ErrorCodes.TaskMismatch, ErrorCodes.TargetExists, ErrorCodes.ChunkTooLarge,
        ErrorCodes.ChecksumMismatch, ErrorCodes.CorruptChunks, ErrorCodes.SizeMismatch, ErrorCodes.InsufficientStorage)]
    public async Task<MergeChunksResponse> MergeChunks(CancellationToken cancellationToken)
    {
        var command = await MergeRequestReader.ReadAsync(Request, cancellationToken);
        return MergeChunksResponse.From(await mediator.Send(command, cancellationToken));
    }

    /// <summary>Which chunks of a task are stored.</summary>
    [HttpGet("upload_status")]
    [ProducesResponseType<UploadStatusResponse>(StatusCodes.Status200OK)]
    [ProducesErrors(ErrorCodes.TaskNotFound)]
    public async Task<UploadStatusResponse> UploadStatus([FromQuery(Name = WireFields.FileId)] string? fileId, CancellationToken cancellationToken) =>
        UploadStatusResponse.From(await mediator.Send(new GetUploadStatusQuery(fileId), cancellationToken));
}
