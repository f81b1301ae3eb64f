namespace Uploader.Application.Ports;

/// <summary>
/// Who runs a merging task's merge, and until when: an owner (instance_id) and an expiry kept with the task in the
/// task store (docs/adr/0010-leases.md). The claim records the first lease and a take-over the next one, in the unit of work that loaded the task
/// (<see cref="IUploadTaskRepository.RecordMergeLeaseAsync"/>, <see cref="IUploadTaskRepository.TakeOverMergeAsync"/>).
/// </summary>
/// <remarks>
/// Each call is one conditional statement in a unit of work of its own, independent of any repository the caller
/// holds, so a renewal can run while the merge saves through its own.
/// </remarks>
public interface IMergeLeases
{
    /// <summary>Moves the expiry to <paramref name="until"/> if the task is still merging under <paramref name="owner"/>'s lease.</summary>
    /// <returns>False when the lease is lost: another instance took the merge over, or the task left merging.</returns>
    Task<bool> RenewAsync(Guid taskId, string owner, DateTime until, CancellationToken cancellationToken);

    /// <summary>
    /// file_ids of up to <paramref name="limit"/> merging tasks whose lease ran out before <paramref name="now"/> (or that have
    /// none: claimed before leases were recorded) and that another instance than <paramref name="owner"/> held.
    /// </summary>
    Task<IReadOnlyList<string>> FindExpiredAsync(string owner, DateTime now, int limit, CancellationToken cancellationToken);
}
