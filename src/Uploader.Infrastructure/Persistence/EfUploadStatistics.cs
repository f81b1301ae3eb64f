using Microsoft.EntityFrameworkCore;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Persistence;

internal sealed class EfUploadStatistics(UploaderDbContext db) : IUploadStatistics
{
    public async Task<IReadOnlyDictionary<UploadTaskStatus, int>> CountTasksByStatusAsync(CancellationToken cancellationToken)
    {
        // GROUP BY over the (status, updated_at) index: no table rows are read.
        var counts = await db.Tasks.AsNoTracking()
            .GroupBy(t => t.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.Status, c => c.Count);
    }

    public async Task<long> BytesHeldByUnfinishedUploadsAsync(CancellationToken cancellationToken) =>
        await db.Chunks.AsNoTracking()
            .Where(c => c.Status == ChunkStatus.Uploaded)
            .Where(c => db.Tasks.Any(t => t.Id == EF.Property<Guid>(c, "TaskId") && t.Status != UploadTaskStatus.Completed))
            .SumAsync(c => (long?)c.Size, cancellationToken) ?? 0;
}
