using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Persistence.Configurations;

internal sealed class ChunkStateConfiguration : IEntityTypeConfiguration<ChunkState>
{
    public void Configure(EntityTypeBuilder<ChunkState> builder)
    {
        builder.ToTable("chunks");
        builder.Property<Guid>("TaskId").HasColumnName("task_id");

        // The key is the rule "one chunk per task and index": the store, not a loaded list, enforces it.
        builder.HasKey("TaskId", nameof(ChunkState.Index));
        builder.Property(c => c.Index).HasColumnName("chunk_index").ValueGeneratedNever();
        builder.HasIndex("TaskId", nameof(ChunkState.Status));

        // A task's newest chunk (its last activity, for summaries and expiry) without reading its other chunks.
        builder.HasIndex("TaskId", nameof(ChunkState.UploadedAt));
        builder.Property(c => c.Size).HasColumnName("size");
        builder.Property(c => c.Md5).HasColumnName("md5").HasMaxLength(32).IsRequired();
        builder.Property(c => c.Checksum).HasColumnName("checksum").HasMaxLength(16);
        builder.Property(c => c.Location).HasColumnName("location").HasMaxLength(512).IsRequired();
        builder.Property(c => c.Status).HasColumnName("status").HasConversion<ChunkStatusConverter>().HasMaxLength(16);
        builder.Property(c => c.UploadedAt).HasColumnName("uploaded_at");
        builder.Property(c => c.RetryCount).HasColumnName("retry_count");
        builder.Ignore(c => c.IsUsable);
    }
}
