using Microsoft.EntityFrameworkCore;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Persistence.Configurations;

namespace Uploader.Infrastructure.Persistence;

/// <summary>
/// The views, projected straight from the tables: counts and sums are computed by the database, chunk rows are
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
            task.FileMd5,
            task.FinalPath,
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
            usable.Sum(c => c.Size), task.CreatedAt, Later(task.UpdatedAt, lastChunk), task.RetryCount, task.FileMd5);
        return new TaskDetailView(
            summary, usable.Select(c => c.Index).ToList(), chunks, task.FileMd5, task.FinalPath, task.LastError,
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
            t.RetryCount,
            t.FileMd5));

    private IQueryable<ChunkState> UsableChunks(Guid taskId) =>
        db.Chunks.AsNoTracking().Where(c => EF.Property<Guid>(c, "TaskId") == taskId && c.Status == ChunkStatus.Uploaded);

    private static DateTime Later(DateTime a, DateTime b) =>
        DateTime.SpecifyKind(a > b ? a : b, DateTimeKind.Utc);
}
