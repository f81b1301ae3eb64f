using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Persistence.Configurations;

namespace Uploader.Infrastructure.Persistence;

/// <summary>
/// The merge lease columns of the task row, each call on a context of its own (a scope per call): a renewal runs on a
/// timer while the merge it covers saves through its own context, which must not be shared across threads.
/// </summary>
internal sealed class EfMergeLeases(IServiceScopeFactory scopes) : IMergeLeases
{
    public async Task<bool> RenewAsync(Guid taskId, string owner, DateTime until, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UploaderDbContext>();
        var renewed = await db.Tasks
            .Where(t => t.Id == taskId && t.Status == UploadTaskStatus.Merging
                && EF.Property<string?>(t, UploadTaskConfiguration.MergeOwner) == owner)
            .ExecuteUpdateAsync(
                set => set.SetProperty(t => EF.Property<DateTime?>(t, UploadTaskConfiguration.MergeLeaseExpiresAt), until),
                cancellationToken);
        return renewed == 1;
    }

    public async Task<IReadOnlyList<string>> FindExpiredAsync(string owner, DateTime now, int limit, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UploaderDbContext>();
        return await db.Tasks.AsNoTracking()
            .Where(t => t.Status == UploadTaskStatus.Merging
                && (EF.Property<DateTime?>(t, UploadTaskConfiguration.MergeLeaseExpiresAt) == null
                    || EF.Property<DateTime?>(t, UploadTaskConfiguration.MergeLeaseExpiresAt) < now)
                && EF.Property<string?>(t, UploadTaskConfiguration.MergeOwner) != owner)
            .OrderBy(t => t.UpdatedAt)
            .Select(t => t.FileId)
            .Take(limit)
            .ToListAsync(cancellationToken);
    }
}
