using Microsoft.Extensions.Logging;
using Uploader.Application.Leases;
using Uploader.Application.Policies;
using Uploader.Application.Ports;

namespace Uploader.Application.Tasks.Commands.MergeChunks;

/// <summary>The terms of this instance's merge leases, and the renewals that keep each one alive (one per process).</summary>
public sealed class MergeLeasing(IMergeLeases leases, LeasePolicy policy, TimeProvider clock, ILogger<MergeLease> logger)
{
    public string Owner => policy.InstanceId;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The expiry of a lease taken or renewed now.</summary>
    public DateTime Until() => Now + policy.Length;

    /// <summary>Starts renewing the lease this instance recorded on the task (by its claim or a take-over).</summary>
    public MergeLease Hold(Guid taskId, string fileId)
    {
        var renewal = LeaseRenewal.Start(
            $"merge of task {fileId}",
            ct => leases.RenewAsync(taskId, policy.InstanceId, Until(), ct),
            policy.RenewEvery,
            clock,
            logger);
        return new MergeLease(taskId, fileId, renewal);
    }
}
