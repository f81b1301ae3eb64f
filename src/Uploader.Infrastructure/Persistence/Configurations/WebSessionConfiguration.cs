using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Uploader.Infrastructure.Persistence.Auth;

namespace Uploader.Infrastructure.Persistence.Configurations;

internal sealed class WebSessionConfiguration : IEntityTypeConfiguration<WebSessionRow>
{
    public void Configure(EntityTypeBuilder<WebSessionRow> builder)
    {
        builder.ToTable("web_sessions");
        builder.HasKey(r => r.IdHash);
        builder.Property(r => r.IdHash).HasColumnName("id_hash").HasMaxLength(64).ValueGeneratedNever();
        builder.Property(r => r.CreatedAt).HasColumnName("created_at");
        builder.Property(r => r.ExpiresAt).HasColumnName("expires_at");

        // The sweep deletes by expiry.
        builder.HasIndex(r => r.ExpiresAt);
    }
}
