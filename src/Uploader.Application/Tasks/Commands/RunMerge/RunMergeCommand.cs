using Uploader.Application.Tasks.Commands.MergeChunks;

namespace Uploader.Application.Tasks.Commands.RunMerge;

/// <summary>Assembles a task that a merge_chunks request in the background form claimed.</summary>
/// <param name="Lease">The claim's lease; the handler disposes it when the merge is settled.</param>
public sealed record RunMergeCommand(string FileId, string? ExpectedMd5, MergeLease Lease) : IMergeCommand;
