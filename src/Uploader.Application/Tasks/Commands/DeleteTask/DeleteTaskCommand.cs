using Mediator;
using Uploader.Application.Ports;

namespace Uploader.Application.Tasks.Commands.DeleteTask;

/// <param name="DeleteFile">Also delete the merged file, when the task is completed.</param>
public sealed record DeleteTaskCommand(string FileId, bool DeleteFile) : ICommand<DeleteTaskResult>;

/// <param name="FreedBytes">Bytes of chunk data removed.</param>
/// <param name="MergedFile">What became of a completed task's merged file; null for a task that was not completed.</param>
public sealed record DeleteTaskResult(string FileId, long FreedBytes, MergedFileRemoval? MergedFile);
