using Mediator;
using Microsoft.AspNetCore.Mvc;
using Uploader.Api.Contracts;
using Uploader.Api.Metrics;
using Uploader.Api.OpenApi;
using Uploader.Api.Problems;
using Uploader.Api.Uploads;
using Uploader.Application.Tasks.Commands.MergeChunks;
using Uploader.Application.Tasks.Queries.GetUploadStatus;

namespace Uploader.Api.Controllers;

/// <summary>The upload path: send chunks, merge them, ask what is stored.</summary>
[ApiController]
[Route(BasePath.Segment)]
[Produces("application/json")]
[ProducesErrors(ErrorCodes.ValidationFailed, ErrorCodes.Unauthorized, ErrorCodes.TooManyRequests)]
public sealed class UploadsController(IMediator mediator, ChunkUploadFormReader formReader, MergeRequestReader mergeReader) : ControllerBase
{
    /// <summary>The status route's word, also the target of a background merge's Location.</summary>
    public const string StatusRoute = "upload_status";

    /// <summary>Stores one chunk of a file; the first chunk creates the task.</summary>
    /// <remarks>Re-sending a stored chunk with the same bytes changes nothing; different bytes replace it.</remarks>
    [HttpPost("upload_chunk")]
    [CountsChunkOutcome]
    [RefusesOversizedBody]
    [HoldsUploadSlot]
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
    /// <remarks>
    /// Merging a completed task again returns the same answer without touching the file. With async=true (body field or
    /// query parameter) or Prefer: respond-async the task is claimed and checked as usual, then answered 202 with a
    /// Location to its upload_status, which shows merging with merged_bytes until it is completed or failed; sent again
    /// while that merge runs, the same 202.
    /// </remarks>
    [HttpPost("merge_chunks")]
    [MergeRequestBody]
    [ProducesResponseType<MergeChunksResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<MergeAcceptedResponse>(StatusCodes.Status202Accepted)]
    [ProducesErrors(
        ErrorCodes.InvalidPath, ErrorCodes.ChunksMissing, ErrorCodes.TaskNotFound, ErrorCodes.TaskPaused, ErrorCodes.MergeInProgress,
        ErrorCodes.InvalidState, ErrorCodes.TaskMismatch, ErrorCodes.TargetExists, ErrorCodes.ChunkTooLarge,
        ErrorCodes.ChecksumMismatch, ErrorCodes.CorruptChunks, ErrorCodes.SizeMismatch, ErrorCodes.InsufficientStorage)]
    public async Task<IActionResult> MergeChunks(CancellationToken cancellationToken)
    {
        var command = await mergeReader.ReadAsync(Request, cancellationToken);
        var result = await mediator.Send(command, cancellationToken);
        if (result is MergeCompleted merged)
        {
            return Ok(MergeChunksResponse.From(merged));
        }

        if (RespondAsyncPreference.IsRequested(Request))
        {
            Response.Headers[RespondAsyncPreference.AppliedHeader] = RespondAsyncPreference.Token;
        }

        var status = $"{BasePath.Absolute}/{StatusRoute}?{WireFields.FileId}={Uri.EscapeDataString(result.FileId)}";
        return Accepted(status, MergeAcceptedResponse.Of(result.FileId));
    }

    /// <summary>Which chunks of a task are stored.</summary>
    [HttpGet(StatusRoute)]
    [ProducesResponseType<UploadStatusResponse>(StatusCodes.Status200OK)]
    [ProducesErrors(ErrorCodes.TaskNotFound)]
    public async Task<UploadStatusResponse> UploadStatus([FromQuery(Name = WireFields.FileId)] string? fileId, CancellationToken cancellationToken) =>
        UploadStatusResponse.From(await mediator.Send(new GetUploadStatusQuery(fileId), cancellationToken));
}
