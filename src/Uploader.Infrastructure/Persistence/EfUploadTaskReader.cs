using Microsoft.EntityFrameworkCore;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Persistence;

/// <summary>
/// Projections straight from the tables: counts and sums are computed by the database, chunk rows are
/// read only where the answer lists them.
/// </summary>
internal sealed class EfUploadTaskReader(UploaderDbContext db) : IUploadTaskReader
{
    public async Task<UploadStatusView?> GetStatusAsync(string fileId, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.FileId == fileId, cancellationToken);
        if (task is null)
        {
            return null;
        }

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
            task.FinalPath);
    }

    public async Task<TaskSummaryView?> GetSummaryAsync(string fileId, CancellationToken cancellationToken)
    {
        var row = await db.Tasks.AsNoTracking()
            .Where(t => t.FileId == fileId)
            .Select(t => new
            {
                Task = t,
                Uploaded = db.Chunks.Count(c => EF.Property<Guid>(c, "TaskId") == t.Id && c.Status == ChunkStatus.Uploaded),
                Bytes = db.Chunks.Where(c => EF.Property<Guid>(c, "TaskId") == t.Id && c.Status == ChunkStatus.Uploaded)
                    .Sum(c => (long?)c.Size) ?? 0,
                LastChunk = db.Chunks.Where(c => EF.Property<Guid>(c, "TaskId") == t.Id).Max(c => (DateTime?)c.UploadedAt),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var t = row.Task;
        return new TaskSummaryView(
            t.FileId, t.FileName, t.RelativePath, t.Status, t.TotalChunks, row.Uploaded, t.FileSize, row.Bytes,
            t.CreatedAt, Later(t.UpdatedAt, row.LastChunk ?? DateTime.MinValue), t.RetryCount);
    }

    public Task<int> CountUploadedChunksAsync(Guid taskId, CancellationToken cancellationToken) =>
        UsableChunks(taskId).CountAsync(cancellationToken);

    private IQueryable<ChunkState> UsableChunks(Guid taskId) =>
        db.Chunks.AsNoTracking().Where(c => EF.Property<Guid>(c, "TaskId") == taskId && c.Status == ChunkStatus.Uploaded);

    private static DateTime Later(DateTime a, DateTime b) =>
        DateTime.SpecifyKind(a > b ? a : b, DateTimeKind.Utc);
}
