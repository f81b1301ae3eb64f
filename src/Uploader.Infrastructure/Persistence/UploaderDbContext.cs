using Microsoft.EntityFrameworkCore;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Persistence.Auth;

namespace Uploader.Infrastructure.Persistence;

public sealed class UploaderDbContext(DbContextOptions<UploaderDbContext> options) : DbContext(options)
{
    public DbSet<UploadTask> Tasks => Set<UploadTask>();

    public DbSet<ChunkState> Chunks => Set<ChunkState>();

    internal DbSet<KeyAttemptRow> KeyAttempts => Set<KeyAttemptRow>();

    internal DbSet<WebSessionRow> WebSessions => Set<WebSessionRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(UploaderDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps no time zone; every time in this model is UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
