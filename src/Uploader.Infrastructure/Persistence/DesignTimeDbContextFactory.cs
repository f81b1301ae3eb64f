using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Uploader.Infrastructure.Persistence;

/// <summary>
/// Lets `dotnet ef migrations add --context UploaderDbContext` build SQLite's model without starting the server (no
/// database is opened).
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<UploaderDbContext>
{
    public UploaderDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<UploaderDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
