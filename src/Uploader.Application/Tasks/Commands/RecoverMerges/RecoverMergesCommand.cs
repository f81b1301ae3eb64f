using Mediator;

namespace Uploader.Application.Tasks.Commands.RecoverMerges;

/// <summary>
/// Settles merges whose instance died while the others keep running: every merging task whose lease ran out is taken
/// over and completed if its file was published, else reopened (ADR 0010). Sent periodically by every instance.
/// </summary>
public sealed record RecoverMergesCommand : ICommand<MergeRecovery>;

/// <param name="Completed">Merges whose file was in place, now completed.</param>
/// <param name="Reopened">Merges taken back to uploading.</param>
public sealed record MergeRecovery(int Completed, int Reopened);
