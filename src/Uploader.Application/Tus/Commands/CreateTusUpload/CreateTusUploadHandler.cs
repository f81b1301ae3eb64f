using Mediator;
using Microsoft.Extensions.Logging;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;
using Uploader.Domain.Tus;

namespace Uploader.Application.Tus.Commands.CreateTusUpload;

/// <summary>
/// Creates the task and its tus record together, with the checks of a first chunk (size, path, extension, free space),
/// so that a refused creation leaves nothing. Ids are the server's (<see cref="TusUploadNaming"/>).
/// </summary>
public sealed partial class CreateTusUploadHandler(
    ITusUploadRepository uploads,
    IStorageSpace space,
    UploadPolicy policy,
    RetentionPolicy retention,
    TimeProvider clock,
    ILogger<CreateTusUploadHandler> logger) : ICommandHandler<CreateTusUploadCommand, CreateTusUploadResult>
{
    public async ValueTask<CreateTusUploadResult> Handle(CreateTusUploadCommand command, CancellationToken cancellationToken)
    {
        // A deferred length is laid out for the largest file allowed; the PATCH that names the length fixes the count.
        var layout = command.Length is { } length ? policy.StreamLayoutFor(length) : policy.StreamLayoutForUnknownSize();
        var uploadId = TusUploadNaming.NewUploadId();
        var target = TusUploadNaming.TargetOf(uploadId, command.RelativePath, command.FileName);
        policy.EnsureExtensionAllowed(target);
        policy.EnsureRoomForNewTask(space);

        var now = clock.GetUtcNow().UtcDateTime;
        var task = UploadTask.Start(uploadId, target, layout, now);
        await uploads.AddAsync(TusUpload.Start(task.Id, uploadId, command.Metadata, now, lengthDeferred: command.Length is null, partial: command.Partial), task, cancellationToken);
        LogCreated(uploadId, task.RelativePath, command.Length, layout.ChunkSize!.Value);
        return new CreateTusUploadResult(uploadId, now + retention.TaskExpiry);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "tus upload {UploadId} created for {RelativePath} ({FileSize} bytes, null while deferred; chunks of {ChunkSize})")]
    private partial void LogCreated(string uploadId, string relativePath, long? fileSize, long chunkSize);
}
