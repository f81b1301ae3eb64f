using Microsoft.EntityFrameworkCore;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.CleanupTasks;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Persistence.Configurations;

namespace Uploader.Infrastructure.Persistence;

/// <summary>
/// Projections straight from the tables: counts and sums are computed by the database, chunk rows are
/// read only where the answer lists them.
/// </summary>
internal sealed class EfUploadTaskReader(UploaderDbContext db) : IUploadTaskReader
{
    public async Task<UploadStatusView?> GetStatusAsync(string fileId, CancellationToken cancellationToken)
    {
        var row = await WithMergedBytes(fileId, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var task = row.Task;

        var chunks = await UsableChunks(task.Id)
            .OrderBy(c => c.Index)
            .Select(c => new { c.Index, c.Size, c.UploadedAt })
            .ToListAsync(cancellationToken);

        var lastChunk = chunks.Count == 0 ? DateTime.MinValue : chunks.Max(c => c.UploadedAt);
        return new UploadStatusView(
            task.FileId,
            task.Status,
            chunks.Select(c => c.Index).ToList(),
            task.TotalChunks,
            task.FileSize,
            chunks.Sum(c => c.Size),
            task.CreatedAt,
            Later(task.UpdatedAt, lastChunk),
            MergedMd5(task),
            MergedPath(task),
            task.MergedFileIdentity,
            MergedBytes(row));
    }

    public Task<TaskSummaryView?> GetSummaryAsync(string fileId, CancellationToken cancellationToken) =>
        Summaries(db.Tasks.Where(t => t.FileId == fileId)).SingleOrDefaultAsync(cancellationToken);

    public Task<MergedFileView?> GetMergedFileAsync(string fileId, CancellationToken cancellationToken) =>
        db.Tasks.AsNoTracking()
            .Where(t => t.FileId == fileId)
            .Select(t => new MergedFileView(t.FileId, t.Status, t.FileName, t.FileSize, t.FileMd5, t.FinalPath, t.MergedFileIdentity))
            .SingleOrDefaultAsync(cancellationToken);

    public Task<int> CountUploadedChunksAsync(Guid taskId, CancellationToken cancellationToken) =>
        UsableChunks(taskId).CountAsync(cancellationToken);

    public async Task<TaskPageView> ListAsync(
        UploadTaskStatus? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        var selected = status is { } only ? db.Tasks.Where(t => t.Status == only) : db.Tasks;
        var total = await selected.CountAsync(cancellationToken);
        var skip = (page - 1L) * pageSize;
        if (skip >= total)
        {
            return new TaskPageView([], total);
        }

        // The page's ids come from the (status,) created_at, id index alone; the chunk subqueries of the
        // summary then run for those rows only, never for the rows the offset skips.
        var pageIds = NewestFirst(selected).Skip((int)skip).Take(pageSize).Select(t => t.Id);
        var tasks = await Summaries(NewestFirst(db.Tasks.Where(t => pageIds.Contains(t.Id)))).ToListAsync(cancellationToken);
        return new TaskPageView(tasks, total);
    }

    public async Task<TaskDetailView?> GetDetailAsync(string fileId, CancellationToken cancellationToken)
    {
        var row = await WithMergedBytes(fileId, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var task = row.Task;

        var chunks = await db.Chunks.AsNoTracking()
            .Where(c => EF.Property<Guid>(c, "TaskId") == task.Id)
            .OrderBy(c => c.Index)
            .Select(c => new ChunkView(c.Index, c.Size, c.Md5, c.Status, c.UploadedAt, c.RetryCount))
            .ToListAsync(cancellationToken);
        var usable = chunks.Where(c => c.Status == ChunkStatus.Uploaded).ToList();
        var lastChunk = chunks.Count == 0 ? DateTime.MinValue : chunks.Max(c => c.UploadedAt);
        var summary = new TaskSummaryView(
            task.FileId, task.FileName, task.RelativePath, task.Status, task.TotalChunks, usable.Count, task.FileSize,
            usable.Sum(c => c.Size), task.CreatedAt, Later(task.UpdatedAt, lastChunk), task.RetryCount);
        return new TaskDetailView(
            summary, usable.Select(c => c.Index).ToList(), chunks, MergedMd5(task), MergedPath(task), task.LastError,
            task.MergedFileIdentity, MergedBytes(row));
    }

    private Task<TaskRow?> WithMergedBytes(string fileId, CancellationToken cancellationToken) =>
        db.Tasks.AsNoTracking()
            .Where(t => t.FileId == fileId)
            .Select(t => new TaskRow(t, EF.Property<long?>(t, UploadTaskConfiguration.MergedBytes)))
            .SingleOrDefaultAsync(cancellationToken);

    // The column keeps the last merge's figure after it ends; it means something only while the task merges.
    private static long? MergedBytes(TaskRow row) => row.Task.Status == UploadTaskStatus.Merging ? row.MergedBytes ?? 0 : null;

    private sealed record TaskRow(UploadTask Task, long? MergedBytes);

    // A merge records its target before the file is there (UploadTask.RecordMergeTarget); clients are shown
    // a path and md5 only once the file is published.
    private static string? MergedMd5(UploadTask task) => task.Status == UploadTaskStatus.Completed ? task.FileMd5 : null;

    private static string? MergedPath(UploadTask task) => task.Status == UploadTaskStatus.Completed ? task.FinalPath : null;

    public async Task<IReadOnlyList<string>> ListFileIdsAsync(
        UploadTaskStatus status, int limit, CancellationToken cancellationToken) =>
        await db.Tasks.AsNoTracking()
            .Where(t => t.Status == status)
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Take(limit)
            .Select(t => t.FileId)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> ListUnfinishedFileIdsAsync(
        string? after, int limit, CancellationToken cancellationToken) =>
        await db.Tasks.AsNoTracking()
            .Where(t => t.Status != UploadTaskStatus.Completed)
            .Where(t => after == null || string.Compare(t.FileId, after) > 0)
            .OrderBy(t => t.FileId)
            .Take(limit)
            .Select(t => t.FileId)
            .ToListAsync(cancellationToken);

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
    /// cutoff: a chunk write does not touch the task row (ADR 0003), so both are checked.
    /// </summary>
    private IQueryable<UploadTask> Selected(CleanupCriteria criteria)
    {
        var statuses = criteria.Statuses.ToList();
        var selected = db.Tasks.AsNoTracking().Where(t => statuses.Contains(t.Status));
        if (criteria.IdleBefore is { } cutoff)
        {
            selected = selected.Where(t => t.UpdatedAt < cutoff
                && !db.Chunks.Any(c => EF.Property<Guid>(c, "TaskId") == t.Id && c.UploadedAt >= cutoff));
        }

        return selected;
    }

    private static IOrderedQueryable<UploadTask> NewestFirst(IQueryable<UploadTask> tasks) =>
        tasks.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id);

    /// <summary>Summaries with the chunk count, byte sum and newest chunk time as correlated SQL subqueries.</summary>
    private IQueryable<TaskSummaryView> Summaries(IQueryable<UploadTask> tasks) =>
        tasks.AsNoTracking().Select(t => new TaskSummaryView(
            t.FileId,
            t.FileName,
            t.RelativePath,
            t.Status,
            t.TotalChunks,
            db.Chunks.Count(c => EF.Property<Guid>(c, "TaskId") == t.Id && c.Status == ChunkStatus.Uploaded),
            t.FileSize,
            db.Chunks.Where(c => EF.Property<Guid>(c, "TaskId") == t.Id && c.Status == ChunkStatus.Uploaded)
                .Sum(c => (long?)c.Size) ?? 0,
            t.CreatedAt,
            Later(t.UpdatedAt, db.Chunks.Where(c => EF.Property<Guid>(c, "TaskId") == t.Id).Max(c => (DateTime?)c.UploadedAt) ?? DateTime.MinValue),
            t.RetryCount));

    private IQueryable<ChunkState> UsableChunks(Guid taskId) =>
        db.Chunks.AsNoTracking().Where(c => EF.Property<Guid>(c, "TaskId") == taskId && c.Status == ChunkStatus.Uploaded);

    private static DateTime Later(DateTime a, DateTime b) =>
        DateTime.SpecifyKind(a > b ? a : b, DateTimeKind.Utc);
}
