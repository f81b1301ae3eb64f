using Mediator;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.RemoveOrphanData;

namespace Uploader.Application.Tasks.Commands.ReconcileStorage;

/// <summary>
/// Compares the task store with the chunk store, as the server does before it takes requests: merges a
/// crash interrupted (their lease ran out, or they were this instance's own) are settled (completed if their recorded file is in place, reopened otherwise), records
/// whose bytes are gone are forgotten (those chunks count as missing), stored versions no record points to
/// are removed, and so is data of tasks that no longer exist.
/// </summary>
public sealed record ReconcileStorageCommand : ICommand<StorageReconciliation>;

/// <param name="TasksChecked">Unfinished tasks compared with their stored chunks.</param>
/// <param name="ChunksForgotten">Chunk records whose bytes were missing.</param>
/// <param name="VersionsRemoved">Stored chunk versions no record pointed to.</param>
/// <param name="Orphans">Data of deleted tasks and leftover temp files.</param>
/// <param name="MergesCompleted">Interrupted merges whose file was already in place, now completed.</param>
/// <param name="MergesReopened">Interrupted merges taken back to uploading, to be merged again.</param>
/// <param name="MergesLeft">Merges another instance runs under a live lease, left alone.</param>
public sealed record StorageReconciliation(
    int TasksChecked, int ChunksForgotten, int VersionsRemoved, OrphanRemoval Orphans, int MergesCompleted, int MergesReopened,
    int MergesLeft = 0);
