using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Commands.CleanupTasks;

/// <summary>
/// Which tasks a cleanup removes: those in one of <see cref="Statuses"/> whose last activity (the later of the
/// task's own change and its newest chunk) is before <see cref="IdleBefore"/>, when that is set.
/// A merging task is never selected: its merge is reading the chunks.
/// </summary>
public sealed record CleanupCriteria
{
    private static readonly UploadTaskStatus[] Unfinished =
        [UploadTaskStatus.Uploading, UploadTaskStatus.Paused, UploadTaskStatus.Failed];

    private static readonly UploadTaskStatus[] AllButMerging =
        [UploadTaskStatus.Uploading, UploadTaskStatus.Paused, UploadTaskStatus.Completed, UploadTaskStatus.Failed];

    private CleanupCriteria(IReadOnlyList<UploadTaskStatus> statuses, DateTime? idleBefore)
    {
        Statuses = statuses;
        IdleBefore = idleBefore;
    }

    public IReadOnlyList<UploadTaskStatus> Statuses { get; }

    public DateTime? IdleBefore { get; }

    /// <summary>Tasks that never finished and saw no activity since <paramref name="idleBefore"/>.</summary>
    public static CleanupCriteria Expired(DateTime idleBefore) => new(Unfinished, idleBefore);

    /// <summary>Tasks in <paramref name="status"/> (any but merging when null), idle since <paramref name="idleBefore"/> when set.</summary>
    public static CleanupCriteria Matching(UploadTaskStatus? status, DateTime? idleBefore)
    {
        if (status == UploadTaskStatus.Merging)
        {
            throw new ArgumentException("A merging task is never cleaned up.", nameof(status));
        }

        return new(status is { } one ? [one] : AllButMerging, idleBefore);
    }
}

public sealed record CleanupCandidate(Guid Id, string FileId);
