using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Uploader.Infrastructure.Persistence;

/// <summary>Lets `dotnet ef migrations add --context PostgresUploaderDbContext` build PostgreSQL's model; no server is needed.</summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresUploaderDbContext>
{
    public PostgresUploaderDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresUploaderDbContext>().UseNpgsql("Host=localhost;Database=design-time").Options);
}
