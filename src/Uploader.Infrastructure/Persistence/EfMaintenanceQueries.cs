using Microsoft.EntityFrameworkCore;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.CleanupTasks;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Persistence;

/// <summary>The selections maintenance acts on, as id-only queries on the tables' indexes.</summary>
internal sealed class EfMaintenanceQueries(UploaderDbContext db) : IMaintenanceQueries
{
    public async Task<IReadOnlyList<string>> ListFileIdsAsync(
        UploadTaskStatus status, int limit, CancellationToken cancellationToken) =>
        await db.Tasks.AsNoTracking()
            .Where(t => t.Status == status)
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Take(limit)
            .Select(t => t.FileId)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> ListFileIdsAfterAsync(
        IReadOnlyCollection<UploadTaskStatus> statuses, string? after, int limit, CancellationToken cancellationToken)
    {
        var selected = statuses.ToList();
        return await db.Tasks.AsNoTracking()
            .Where(t => selected.Contains(t.Status))
            .Where(t => after == null || string.Compare(t.FileId, after) > 0)
            .OrderBy(t => t.FileId)
            .Take(limit)
            .Select(t => t.FileId)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CleanupCandidate>> FindCleanupCandidatesAsync(
        CleanupCriteria criteria, Guid? after, int limit, CancellationToken cancellationToken)
    {
        var selected = Selected(criteria);
        if (after is { } last)
        {
            // Guids compare as the text SQLite stores, which is how the ORDER BY below sorts them too.
            selected = selected.Where(t => t.Id.CompareTo(last) > 0);
        }

        return await selected.OrderBy(t => t.Id)
            .Take(limit)
            .Select(t => new CleanupCandidate(t.Id, t.FileId))
            .ToListAsync(cancellationToken);
    }

    public Task<bool> IsCleanupCandidateAsync(Guid taskId, CleanupCriteria criteria, CancellationToken cancellationToken) =>
        Selected(criteria).AnyAsync(t => t.Id == taskId, cancellationToken);

    public async Task<IReadOnlySet<Guid>> FindExistingTaskIdsAsync(
        IReadOnlyCollection<Guid> taskIds, CancellationToken cancellationToken)
    {
        var ids = taskIds.ToList();
        var existing = await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => t.Id).ToListAsync(cancellationToken);
        return existing.ToHashSet();
    }

    /// <summary>
    /// Tasks the criteria select. Idle means neither the task row nor any of its chunks changed since the
    /// cutoff: a chunk write does not touch the task row (ADR 0003), so both are checked; for a folder's file,
    /// the same of every file of its folder.
    /// </summary>
    private IQueryable<UploadTask> Selected(CleanupCriteria criteria)
    {
        var statuses = criteria.Statuses.ToList();
        var selected = db.Tasks.AsNoTracking().Where(t => statuses.Contains(t.Status));
        if (criteria.IdleBefore is { } cutoff)
        {
            selected = selected.Where(t => t.UpdatedAt < cutoff
                && !db.Chunks.Any(c => EF.Property<Guid>(c, "TaskId") == t.Id && c.UploadedAt >= cutoff)

                // A folder is idle as a unit (ADR 0013): no file of it is selected while any file of it is active.
                && (t.FolderId == null || !db.Tasks.Any(s => s.FolderId == t.FolderId
                    && (s.UpdatedAt >= cutoff
                        || db.Chunks.Any(c => EF.Property<Guid>(c, "TaskId") == s.Id && c.UploadedAt >= cutoff)))));
        }

        return selected;
    }
}
