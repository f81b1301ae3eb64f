using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Persistence.Configurations;

internal sealed class UploadTaskConfiguration : IEntityTypeConfiguration<UploadTask>
{
    /// <summary>The shadow property holding a running merge's bytes written so far.</summary>
    internal const string MergedBytes = nameof(MergedBytes);

    /// <summary>The shadow property naming the instance whose lease covers a merging task's merge (ADR 0010).</summary>
    internal const string MergeOwner = nameof(MergeOwner);

    /// <summary>The shadow property holding when that lease runs out unless renewed.</summary>
    internal const string MergeLeaseExpiresAt = nameof(MergeLeaseExpiresAt);

    public void Configure(EntityTypeBuilder<UploadTask> builder)
    {
        builder.ToTable("upload_tasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(t => t.FileId).HasColumnName("file_id").HasMaxLength(200).IsRequired();
        builder.HasIndex(t => t.FileId).IsUnique();
        builder.Property(t => t.FileName).HasColumnName("file_name").HasMaxLength(255).IsRequired();
        builder.Property(t => t.RelativePath).HasColumnName("relative_path").HasMaxLength(RelativeFilePath.MaxLength).IsRequired();
        builder.Property(t => t.FileSize).HasColumnName("file_size");
        builder.Property(t => t.TotalChunks).HasColumnName("total_chunks");
        builder.Property(t => t.ChunkSize).HasColumnName("chunk_size");
        builder.Property(t => t.Status).HasColumnName("status").HasConversion<StatusConverter>().HasMaxLength(16);
        builder.HasIndex(t => new { t.Status, t.UpdatedAt });
        builder.HasIndex(t => t.UpdatedAt);

        // The task list's order (newest first, id breaking ties), with and without its status filter: a page is
        // read from the index without sorting the table.
        builder.HasIndex(t => new { t.CreatedAt, t.Id });
        builder.HasIndex(t => new { t.Status, t.CreatedAt, t.Id });
        builder.Property(t => t.FileMd5).HasColumnName("file_md5").HasMaxLength(32);
        builder.Property(t => t.FinalPath).HasColumnName("final_path").HasMaxLength(2048);
        builder.Property(t => t.MergedFileIdentity).HasColumnName("merged_file_identity").HasMaxLength(200);
        builder.Property(t => t.CreatedAt).HasColumnName("created_at");
        builder.Property(t => t.UpdatedAt).HasColumnName("updated_at");
        builder.Property(t => t.RetryCount).HasColumnName("retry_count");
        builder.Property(t => t.LastError).HasColumnName("last_error").HasMaxLength(2000);
        // Progress of a running merge, for status answers only: not part of the aggregate, written by
        // EfUploadTaskRepository.RecordMergeProgressAsync, read by EfUploadTaskReader (ADR 0008).
        builder.Property<long?>(MergedBytes).HasColumnName("merged_bytes");

        // The merge lease (ADR 0010): written by the claim and by conditional renewals and take-overs, never by a save
        // of the aggregate, which has no rule about which instance runs its merge. Meaningful only while merging.
        builder.Property<string?>(MergeOwner).HasColumnName("merge_owner").HasMaxLength(200);
        builder.Property<DateTime?>(MergeLeaseExpiresAt).HasColumnName("merge_lease_expires_at");
        builder.Property(t => t.Version).HasColumnName("version").IsConcurrencyToken();

        // Written by a chunk's guarded record as uploaded_chunks + 1, never as a value read earlier (ChunkRecordSql).
        builder.Property(t => t.UploadedChunks).HasColumnName("uploaded_chunks");
        builder.Ignore(t => t.Layout);
        builder.Property(t => t.FolderId).HasColumnName("folder_id");

        builder.HasMany(t => t.Chunks)
            .WithOne()
            .HasForeignKey("TaskId")
            .OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(t => t.Chunks).HasField("_chunks").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
