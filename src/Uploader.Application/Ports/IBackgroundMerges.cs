using Uploader.Application.Tasks.Commands.MergeChunks;

namespace Uploader.Application.Ports;

/// <summary>Runs the assembly of a claimed task after its request was answered, on this instance.</summary>
public interface IBackgroundMerges
{
    /// <summary>
    /// Queues the assembly of a task already claimed (status merging). It runs with its own scope; a server that stops
    /// before it finishes leaves the task merging, for the start-up reconciliation to settle.
    /// </summary>
    /// <param name="lease">The claim's lease, renewed while the merge waits and runs; the queue disposes it.</param>
    void Enqueue(string fileId, string? expectedMd5, MergeLease lease);
}
