using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Persistence;

/// <summary>
/// Named leases as rows of `leases`, taken with one conditional UPDATE (the row exists after the first take) or one
/// INSERT, which the primary key lets only one instance win. Each call on a context of its own, like <see cref="EfMergeLeases"/>.
/// </summary>
internal sealed class EfNamedLeases(IServiceScopeFactory scopes) : INamedLeases
{
    public async Task<bool> TryTakeAsync(string name, string owner, DateTime now, DateTime until, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UploaderDbContext>();
        var taken = await db.Set<LeaseRow>()
            .Where(l => l.Name == name && (l.Owner == owner || l.ExpiresAt < now))
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.Owner, owner).SetProperty(l => l.ExpiresAt, until), cancellationToken);
        if (taken == 1)
        {
            return true;
        }

        if (await db.Set<LeaseRow>().AnyAsync(l => l.Name == name, cancellationToken))
        {
            return false;
        }

        db.Set<LeaseRow>().Add(new LeaseRow(name, owner, until));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Lost the race to insert the first row: that is another owner's lease, unless the failure was something else.
            db.ChangeTracker.Clear();
            if (await db.Set<LeaseRow>().AnyAsync(l => l.Name == name && l.Owner != owner, cancellationToken))
            {
                return false;
            }

            throw;
        }
    }

    public async Task ReleaseAsync(string name, string owner, DateTime now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UploaderDbContext>();
        await db.Set<LeaseRow>()
            .Where(l => l.Name == name && l.Owner == owner)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.ExpiresAt, now), cancellationToken);
    }
}
