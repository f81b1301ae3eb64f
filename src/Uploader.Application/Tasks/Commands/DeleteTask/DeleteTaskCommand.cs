using Mediator;

namespace Uploader.Application.Tasks.Commands.DeleteTask;

/// <param name="DeleteFile">Also delete the merged file, when the task is completed.</param>
public sealed record DeleteTaskCommand(string FileId, bool DeleteFile) : ICommand<DeleteTaskResult>;

/// <param name="FreedBytes">Bytes of chunk data removed.</param>
public sealed record DeleteTaskResult(string FileId, long FreedBytes);
