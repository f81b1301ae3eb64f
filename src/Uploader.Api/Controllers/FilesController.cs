using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Uploader.Api.Contracts;
using Uploader.Api.OpenApi;
using Uploader.Api.Problems;
using Uploader.Application.Tasks.Queries.GetMergedFile;

namespace Uploader.Api.Controllers;

/// <summary>Downloads: a completed task's merged file, streamed, with ranges and conditional requests.</summary>
[ApiController]
[Route(BasePath.Segment + "/files")]
[ProducesErrors(ErrorCodes.ValidationFailed, ErrorCodes.Unauthorized, ErrorCodes.TooManyRequests)]
public sealed class FilesController(IMediator mediator) : ControllerBase
{
    private const string OctetStream = "application/octet-stream";

    /// <summary>Streams the merged file of a completed task (HEAD: its headers only).</summary>
    /// <remarks>
    /// ETag is the file's md5 in quotes; If-None-Match answers 304, If-Range is honoured. One range (bytes=0-99,
    /// bytes=100-, bytes=-100) answers 206 with Content-Range, a range outside the file 416 with Content-Range:
    /// bytes */length; a request for several ranges gets the whole file (200). Content-Disposition is attachment
    /// with the task's file name (an ASCII filename and a UTF-8 filename*). With storage s3 and s3_presigned_downloads on,
    /// the answer is a 302 to a presigned URL of the store, valid for 15 minutes.
    /// </remarks>
    [HttpGet("{file_id}")]
    [HttpHead("{file_id}")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status200OK, OctetStream)]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status206PartialContent, OctetStream)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType(StatusCodes.Status416RangeNotSatisfiable)]
    [ProducesErrors(ErrorCodes.TaskNotFound, ErrorCodes.InvalidState, ErrorCodes.FileGone, ErrorCodes.PreconditionFailed)]
    [ProducesResponseType(StatusCodes.Status302Found)]
    public async Task<IActionResult> Download([FromRoute(Name = WireFields.FileId)] string fileId, CancellationToken cancellationToken)
    {
        var file = await mediator.Send(new GetMergedFileQuery(RouteFileId.Decode(fileId)), cancellationToken);
        if (file.Link is { } link)
        {
            return Redirect(link.AbsoluteUri);
        }

        return File(file.Content!, OctetStream, file.FileName, lastModified: null, new EntityTagHeaderValue($"\"{file.Md5}\""), enableRangeProcessing: true);
    }
}
