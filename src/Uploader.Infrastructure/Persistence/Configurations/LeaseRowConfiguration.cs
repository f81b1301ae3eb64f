using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Uploader.Infrastructure.Persistence.Configurations;

internal sealed class LeaseRowConfiguration : IEntityTypeConfiguration<LeaseRow>
{
    public void Configure(EntityTypeBuilder<LeaseRow> builder)
    {
        builder.ToTable("leases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasColumnName("name").HasMaxLength(100).ValueGeneratedNever();
        builder.Property(l => l.Owner).HasColumnName("owner").HasMaxLength(200).IsRequired();
        builder.Property(l => l.ExpiresAt).HasColumnName("expires_at");
    }
}
