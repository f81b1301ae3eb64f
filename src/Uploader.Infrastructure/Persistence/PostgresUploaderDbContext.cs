using Microsoft.EntityFrameworkCore;

namespace Uploader.Infrastructure.Persistence;

/// <summary>
/// The same model as <see cref="UploaderDbContext"/>; its own type only so that PostgreSQL has a migrations set of
/// its own (Persistence/Migrations/Postgres), as EF Core does multiple providers (docs/adr/0009).
/// </summary>
public sealed class PostgresUploaderDbContext(DbContextOptions<PostgresUploaderDbContext> options) : UploaderDbContext(options);
