using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Uploader.Infrastructure.Persistence.Auth;

namespace Uploader.Infrastructure.Persistence.Configurations;

internal sealed class KeyAttemptConfiguration : IEntityTypeConfiguration<KeyAttemptRow>
{
    public void Configure(EntityTypeBuilder<KeyAttemptRow> builder)
    {
        builder.ToTable("key_attempts");
        builder.HasKey(r => r.Address);

        // An IPv6 /64 prefix is at most 43 characters; 64 leaves room without admitting arbitrary text.
        builder.Property(r => r.Address).HasColumnName("address").HasMaxLength(64).ValueGeneratedNever();
        builder.Property(r => r.WindowStart).HasColumnName("window_start");
        builder.Property(r => r.Failures).HasColumnName("failures");
        builder.Property(r => r.LockedUntil).HasColumnName("locked_until");
        builder.Property(r => r.KnownGoodAt).HasColumnName("known_good_at");
    }
}
