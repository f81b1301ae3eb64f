using Uploader.Application.Errors;
using Uploader.Application.Leases;

namespace Uploader.Application.Tasks.Commands.MergeChunks;

/// <summary>
/// This instance's lease on one merging task, renewed from the claim (or take-over) until the merge is settled,
/// whether it runs while the request waits, waits in the background queue, or is being recovered.
/// </summary>
/// <remarks>Owned by whoever runs the merge last; disposing it stops the renewals, and the lease then runs out.</remarks>
public sealed class MergeLease : IAsyncDisposable
{
    private readonly LeaseRenewal _renewal;

    internal MergeLease(Guid taskId, string fileId, LeaseRenewal renewal)
    {
        TaskId = taskId;
        FileId = fileId;
        _renewal = renewal;
    }

    public Guid TaskId { get; }

    public string FileId { get; }

    public bool IsLost => _renewal.IsLost;

    /// <summary>
    /// Renews the lease now, before a step that another instance's recovery could not undo (publishing the file):
    /// that step then has a full lease length before anyone may take the merge over.
    /// </summary>
    /// <exception cref="MergeLeaseLost">Another instance took the merge over.</exception>
    public async Task ConfirmAsync()
    {
        if (!await _renewal.ConfirmAsync())
        {
            throw new MergeLeaseLost(FileId);
        }
    }

    /// <exception cref="MergeLeaseLost">The lease is known to be lost.</exception>
    public void EnsureHeld()
    {
        if (IsLost)
        {
            throw new MergeLeaseLost(FileId);
        }
    }

    public ValueTask DisposeAsync() => _renewal.DisposeAsync();
}
