using Microsoft.EntityFrameworkCore;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Folders;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Persistence.Configurations;
using Uploader.Infrastructure.Persistence.Providers;

namespace Uploader.Infrastructure.Persistence;

/// <summary>
/// The views, projected straight from the tables: counts and sums are computed by the database, chunk rows are
/// read only where the answer lists them.
/// </summary>
internal sealed class EfUploadTaskReader(UploaderDbContext db, DatabaseDialect dialect) : IUploadTaskReader
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
        UploadTaskStatus? status, string? search, int page, int pageSize, CancellationToken cancellationToken)
    {
        var skip = (page - 1L) * pageSize;
        if (status is { } only)
        {
            var selected = Named(db.Tasks.Where(t => t.Status == only), search);
            var count = await selected.CountAsync(cancellationToken);
            if (skip >= count)
            {
                return new TaskPageView([], count);
            }

            // The page's ids come from the status, created_at, id index alone; the chunk subqueries of the summary
            // then run for those rows only, never for the rows the offset skips.
            var ids = NewestFirst(selected).Skip((int)skip).Take(pageSize).Select(t => t.Id);
            return new TaskPageView(await Summaries(NewestFirst(db.Tasks.Where(t => ids.Contains(t.Id)))).ToListAsync(cancellationToken), count);
        }

        // Without a filter a folder is one row. Single files and folders are each read newest first from their
        // (created_at, id) index, as far as this page reaches, and merged here: nothing is sorted but the page, and
        // an offset costs what it costs for one table. A search narrows both sides before they are counted and read.
        var singles = Named(db.Tasks.Where(t => t.FolderId == null), search);
        var folderRows = FoldersNamed(search);
        var total = await singles.CountAsync(cancellationToken) + await folderRows.CountAsync(cancellationToken);
        if (skip >= total)
        {
            return new TaskPageView([], total);
        }

        var reach = (int)Math.Min(skip + pageSize, int.MaxValue);
        var taskRows = await NewestFirst(singles).Take(reach)
            .Select(t => new ListRow(t.Id, t.CreatedAt, false)).ToListAsync(cancellationToken);
        var newestFolders = await folderRows.OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id).Take(reach)
            .Select(f => new ListRow(f.Id, f.CreatedAt, true)).ToListAsync(cancellationToken);
        var pageRows = taskRows.Concat(newestFolders)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip((int)skip).Take(pageSize).ToList();

        var taskIds = pageRows.Where(r => !r.IsFolder).Select(r => r.Id).ToList();
        var folderIds = pageRows.Where(r => r.IsFolder).Select(r => r.Id).ToList();
        var tasks = taskIds.Count == 0 ? [] : await SummariesById(db.Tasks.Where(t => taskIds.Contains(t.Id)))
            .ToDictionaryAsync(r => r.Id, r => r.Summary, cancellationToken);
        var folders = folderIds.Count == 0 ? [] : await FoldersAsync(db.Folders.Where(f => folderIds.Contains(f.Id)), cancellationToken);
        var summaries = pageRows
            .Select(r => r.IsFolder ? folders.GetValueOrDefault(r.Id)?.Summary : tasks.GetValueOrDefault(r.Id))
            .OfType<TaskSummaryView>()
            .ToList();
        return new TaskPageView(summaries, total);
    }

    /// <summary>The tasks whose file name or relative path contains <paramref name="search"/>; all of them without one.</summary>
    private IQueryable<UploadTask> Named(IQueryable<UploadTask> tasks, string? search) =>
        search is null ? tasks : tasks.Where(dialect.ContainsAny<UploadTask>(search, t => t.FileName, t => t.RelativePath));

    /// <summary>
    /// The folders whose name, or the file name or relative path of one of whose files, contains
    /// <paramref name="search"/>: a folder's row is found by what a status filter would find among its files too.
    /// </summary>
    private IQueryable<FolderUpload> FoldersNamed(string? search)
    {
        if (search is null)
        {
            return db.Folders;
        }

        var byName = db.Folders.Where(dialect.ContainsAny<FolderUpload>(search, f => f.FolderName)).Select(f => f.Id);
        var byFile = Named(db.Tasks.Where(t => t.FolderId != null), search).Select(t => t.FolderId!.Value);
        var matching = byName.Union(byFile);
        return db.Folders.Where(f => matching.Contains(f.Id));
    }

    /// <summary>A row of the unfiltered list before its summary is read: a single task or a folder.</summary>
    private sealed record ListRow(Guid Id, DateTime CreatedAt, bool IsFolder);

    public async Task<FolderView?> GetFolderAsync(string folderTaskId, CancellationToken cancellationToken)
    {
        var folders = await FoldersAsync(db.Folders.Where(f => f.FolderTaskId == folderTaskId), cancellationToken);
        return folders.Values.SingleOrDefault();
    }

    private async Task<Dictionary<Guid, FolderView>> FoldersAsync(IQueryable<FolderUpload> selected, CancellationToken cancellationToken)
    {
        var folders = await selected.AsNoTracking()
            .Select(f => new { f.Id, f.FolderTaskId, f.FolderName, f.CreatedAt })
            .ToListAsync(cancellationToken);
        if (folders.Count == 0)
        {
            return [];
        }

        var ids = folders.Select(f => f.Id).ToList();
        var files = await Summaries(db.Tasks.Where(t => t.FolderId != null && ids.Contains(t.FolderId.Value)))
            .ToListAsync(cancellationToken);
        return folders.ToDictionary(
            f => f.Id,
            f => new FolderView(
                f.FolderTaskId,
                f.FolderName,
                f.CreatedAt,
                [.. files.Where(s => s.ParentTaskId == f.FolderTaskId).OrderBy(s => s.RelativePath, StringComparer.Ordinal)]));
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
            usable.Sum(c => c.Size), task.CreatedAt, Later(task.UpdatedAt, lastChunk), task.RetryCount, task.FileMd5)
        {
            ParentTaskId = task.FolderId is { } folderId
                ? await db.Folders.Where(f => f.Id == folderId).Select(f => f.FolderTaskId).SingleOrDefaultAsync(cancellationToken)
                : null,
        };
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
    private IQueryable<IdentifiedSummary> SummariesById(IQueryable<UploadTask> tasks) =>
        tasks.AsNoTracking().Select(t => new IdentifiedSummary(t.Id, new TaskSummaryView(
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
            t.FileMd5)
        {
            ParentTaskId = db.Folders.Where(f => f.Id == t.FolderId).Select(f => f.FolderTaskId).FirstOrDefault(),
        }));

    private sealed record IdentifiedSummary(Guid Id, TaskSummaryView Summary);

    private IQueryable<TaskSummaryView> Summaries(IQueryable<UploadTask> tasks) => SummariesById(tasks).Select(r => r.Summary);

    private IQueryable<ChunkState> UsableChunks(Guid taskId) =>
        db.Chunks.AsNoTracking().Where(c => EF.Property<Guid>(c, "TaskId") == taskId && c.Status == ChunkStatus.Uploaded);

    private static DateTime Later(DateTime a, DateTime b) =>
        DateTime.SpecifyKind(a > b ? a : b, DateTimeKind.Utc);
}
