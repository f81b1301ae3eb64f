using Microsoft.EntityFrameworkCore;
using Uploader.Domain.Folders;
using Uploader.Domain.Tus;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Persistence.Auth;

namespace Uploader.Infrastructure.Persistence;

/// <summary>
/// The task store's model. This type is also SQLite's context: the SQLite migrations (Persistence/Migrations) are
/// bound to it, which keeps the ids that existing databases recorded; PostgreSQL's set is bound to
/// <see cref="PostgresUploaderDbContext"/>.
/// </summary>
public class UploaderDbContext : DbContext
{
    public UploaderDbContext(DbContextOptions<UploaderDbContext> options)
        : base(options)
    {
    }

    protected UploaderDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<UploadTask> Tasks => Set<UploadTask>();

    public DbSet<ChunkState> Chunks => Set<ChunkState>();

    public DbSet<FolderUpload> Folders => Set<FolderUpload>();

    public DbSet<TusUpload> TusUploads => Set<TusUpload>();

    internal DbSet<KeyAttemptRow> KeyAttempts => Set<KeyAttemptRow>();

    internal DbSet<WebSessionRow> WebSessions => Set<WebSessionRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(UploaderDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every time in this model is UTC: SQLite keeps no time zone, and PostgreSQL's timestamp with time zone
        // takes only UTC DateTimes from Npgsql.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
