using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Uploader.Infrastructure.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the server.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<UploaderDbContext>
{
    public UploaderDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<UploaderDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
