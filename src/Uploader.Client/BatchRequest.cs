namespace Uploader.Client;

/// <summary>
/// POST tasks/batch: <paramref name="Action"/> (<c>pause</c>, <c>resume</c> or <c>delete</c>) on the tasks named by
/// <paramref name="FileIds"/> or, instead, the oldest 1000 in <paramref name="Status"/>; <paramref name="DeleteFile"/>
/// (delete only) also removes completed tasks' merged files.
/// </summary>
public sealed record BatchRequest(string Action, IReadOnlyList<string>? FileIds = null, string? Status = null, bool DeleteFile = false);
