using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Uploader.Api.Auth;
using Uploader.Api.Contracts;
using Uploader.Api.Tus;
using Uploader.Application.Errors;
using Uploader.Application.Policies;
using Uploader.Application.Tasks.Commands.DeleteTask;
using Uploader.Application.Tasks.Commands.MergeChunks;
using Uploader.Application.Tus.Commands.BeginTusPatch;
using Uploader.Application.Tus.Commands.ConcatenateTusUploads;
using Uploader.Application.Tus.Commands.CreateTusUpload;
using Uploader.Application.Tus.Queries.GetTusUpload;

namespace Uploader.Api.Controllers;

/// <summary>
/// tus 1.0 (core, creation, creation-with-upload, creation-defer-length, termination, checksum, expiration, concatenation) over ordinary tasks: an upload
/// is a task whose file_id is its id, shown in /tasks and merged like any other (docs/tus.md, ADR 0015).
/// </summary>
[ApiController]
[Route(BasePath.Segment + "/tus")]
[TypeFilter<TusProtocolFilter>]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class TusController(IMediator mediator, TusPatchWriter writer, UploadPolicy policy) : ControllerBase
{
    private const string Id = "upload_id";

    /// <summary>What the server speaks; public, since tus discovery and CORS preflights carry no key.</summary>
    [HttpOptions("")]
    [HttpOptions("{" + Id + "}")]
    [AllowAnonymous]
    public IActionResult Options()
    {
        Response.Headers[TusHeaders.TusVersion] = TusHeaders.Version;
        Response.Headers[TusHeaders.Extension] = TusHeaders.Extensions;
        Response.Headers[TusHeaders.MaxSize] = policy.MaxFileSize.ToString(CultureInfo.InvariantCulture);
        Response.Headers[TusHeaders.ChecksumAlgorithm] = TusChecksum.Supported;
        return NoContent();
    }

    [HttpPost("")]
    [DisableRequestSizeLimit]
    public async Task<IActionResult> Create(CancellationToken cancellationToken)
    {
        var (partial, finalOf) = TusConcat.Parse(Request);
        var metadataHeader = Request.Headers[TusHeaders.UploadMetadata].ToString();
        var metadata = TusMetadata.Parse(metadataHeader);
        var kept = metadataHeader.Length == 0 ? null : metadataHeader;
        if (finalOf is not null)
        {
            return await ConcatenateAsync(finalOf, kept, metadata, cancellationToken);
        }

        var length = TusRequest.Length(Request);
        var withBytes = TusRequest.CarriesBytes(Request, required: false);
        var checksum = TusChecksum.Parse(Request.Headers[TusHeaders.UploadChecksum]);
        var created = await mediator.Send(
            new CreateTusUploadCommand(length, kept, metadata.FileName, metadata.RelativePath, partial), cancellationToken);
        SetCreated(created);
        if (withBytes)
        {
            var patch = await mediator.Send(new BeginTusPatchCommand(created.UploadId, 0), cancellationToken);
            Response.Headers[TusHeaders.UploadOffset] = Text(await WriteAsync(patch, checksum, cancellationToken));
        }

        return StatusCode(StatusCodes.Status201Created);
    }

    /// <summary>
    /// Concatenation: the final upload is made whole at once, from finished partial uploads, and merges like any
    /// upload whose last byte arrived. It carries no length and no bytes of its own.
    /// </summary>
    private async Task<IActionResult> ConcatenateAsync(
        IReadOnlyList<string> partIds, string? metadataHeader, TusMetadata metadata, CancellationToken cancellationToken)
    {
        if (Request.Headers.ContainsKey(TusHeaders.UploadLength) || Request.Headers.ContainsKey(TusHeaders.UploadDeferLength))
        {
            throw new Problems.MalformedRequestException(
                TusHeaders.UploadLength, $"A final upload's length is its partial uploads'; it takes no {TusHeaders.UploadLength}.");
        }

        if (TusRequest.CarriesBytes(Request, required: false))
        {
            throw new Problems.MalformedRequestException(TusHeaders.UploadConcat, "A final upload takes no bytes of its own.");
        }

        var created = await mediator.Send(
            new ConcatenateTusUploadsCommand(partIds, metadataHeader, metadata.FileName, metadata.RelativePath), cancellationToken);
        SetCreated(created);
        await mediator.Send(new MergeChunksCommand(created.UploadId, null, null, null, null, InBackground: true), CancellationToken.None);
        return StatusCode(StatusCodes.Status201Created);
    }

    private void SetCreated(CreateTusUploadResult created)
    {
        Response.Headers.Location = TusLocation.Of(created.UploadId);
        Response.Headers[TusHeaders.UploadExpires] = created.ExpiresAt.ToString("r", CultureInfo.InvariantCulture);
    }

    [HttpHead("{" + Id + "}")]
    public async Task<IActionResult> Head([FromRoute(Name = Id)] string uploadId, CancellationToken cancellationToken)
    {
        var upload = await FindAsync(uploadId, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        Response.Headers[TusHeaders.UploadOffset] = Text(upload.Offset);
        if (upload.Length is { } length)
        {
            Response.Headers[TusHeaders.UploadLength] = Text(length);
        }
        else
        {
            Response.Headers[TusHeaders.UploadDeferLength] = "1";
        }
        if (upload.Metadata is { } metadata)
        {
            Response.Headers[TusHeaders.UploadMetadata] = metadata;
        }

        if (TusConcat.Of(upload) is { } concat)
        {
            Response.Headers[TusHeaders.UploadConcat] = concat;
        }

        SetExpires(upload);
        return Ok();
    }

    [HttpPatch("{" + Id + "}")]
    [DisableRequestSizeLimit]
    public async Task<IActionResult> Patch([FromRoute(Name = Id)] string uploadId, CancellationToken cancellationToken)
    {
        TusRequest.CarriesBytes(Request, required: true);
        var offset = TusRequest.RequiredNumber(Request, TusHeaders.UploadOffset);
        var checksum = TusChecksum.Parse(Request.Headers[TusHeaders.UploadChecksum]);
        var length = TusRequest.Number(Request, TusHeaders.UploadLength);
        var patch = await mediator.Send(new BeginTusPatchCommand(uploadId, offset, length), cancellationToken);
        Response.Headers[TusHeaders.UploadOffset] = Text(await WriteAsync(patch, checksum, cancellationToken));
        SetExpires(await FindAsync(uploadId, CancellationToken.None));
        return NoContent();
    }

    /// <summary>Termination: the task goes with its chunks (a completed upload's merged file stays).</summary>
    [HttpDelete("{" + Id + "}")]
    public async Task<IActionResult> Delete([FromRoute(Name = Id)] string uploadId, CancellationToken cancellationToken)
    {
        await FindAsync(uploadId, cancellationToken);
        await mediator.Send(new DeleteTaskCommand(uploadId, DeleteFile: false), cancellationToken);
        return NoContent();
    }

    private Task<long> WriteAsync(TusPatch patch, TusChecksum? checksum, CancellationToken clientGone) =>
        writer.WriteAsync(
            patch, new TusRequestBody(Request.Body, Request.ContentLength, ClientAddress.Of(HttpContext.Connection.RemoteIpAddress), clientGone), checksum);

    private async Task<TusUploadView> FindAsync(string uploadId, CancellationToken cancellationToken) =>
        await mediator.Send(new GetTusUploadQuery(uploadId), cancellationToken) ?? throw new TaskNotFound(uploadId);

    private void SetExpires(TusUploadView upload)
    {
        if (upload.ExpiresAt is { } expires)
        {
            Response.Headers[TusHeaders.UploadExpires] = expires.ToString("r", CultureInfo.InvariantCulture);
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
