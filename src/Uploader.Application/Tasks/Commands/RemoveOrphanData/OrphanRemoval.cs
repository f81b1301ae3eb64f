namespace Uploader.Application.Tasks.Commands.RemoveOrphanData;

/// <summary>What one removal of orphaned storage data removed.</summary>
/// <param name="TaskFolders">Chunk data of tasks that no longer exist.</param>
/// <param name="LeftoverFiles">Staged bodies and merge temp files.</param>
/// <param name="FreedBytes">Bytes of every file removed.</param>
public sealed record OrphanRemoval(int TaskFolders, int LeftoverFiles, long FreedBytes);
