using Mediator;

namespace Uploader.Application.Tasks.Commands.CleanupTasks;

/// <summary>
/// Removes tasks with their chunk data. With neither filter: the expired ones (unfinished and idle for
/// task_expiry_hours). Otherwise the tasks in <paramref name="Status"/> and/or idle for
/// <paramref name="OlderThanDays"/> days. A merging task is never removed; merged files are never deleted.
/// </summary>
public sealed record CleanupTasksCommand(string? Status, int? OlderThanDays) : ICommand<CleanupTasksResult>;

/// <param name="Cleaned">Tasks removed.</param>
/// <param name="FreedBytes">Bytes of chunk data removed.</param>
public sealed record CleanupTasksResult(int Cleaned, long FreedBytes);
