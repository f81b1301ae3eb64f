using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Uploader.Application.Tasks;
using Uploader.Application.Tus.Commands.ConcatenateTusUploads;
using Uploader.Application.Tus.Commands.CreateTusUpload;
using Uploader.Domain.Tasks;
using Uploader.Domain.Tus;

namespace Uploader.Infrastructure.Persistence.Configurations;

internal sealed class TusUploadConfiguration : IEntityTypeConfiguration<TusUpload>
{
    public void Configure(EntityTypeBuilder<TusUpload> builder)
    {
        builder.ToTable("tus_uploads");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(u => u.TaskId).HasColumnName("task_id");
        builder.HasIndex(u => u.TaskId).IsUnique();
        builder.Property(u => u.UploadId).HasColumnName("upload_id").HasMaxLength(FileIdRules.MaxLength).IsRequired();
        builder.HasIndex(u => u.UploadId).IsUnique();
        builder.Property(u => u.Metadata).HasColumnName("metadata").HasMaxLength(CreateTusUploadCommand.MaxMetadataLength);
        builder.Property(u => u.CreatedAt).HasColumnName("created_at");
        builder.Property(u => u.LengthDeferred).HasColumnName("length_deferred");
        builder.Property(u => u.Concatenation).HasColumnName("concatenation").HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.PartIds).HasColumnName("part_ids")
            .HasMaxLength(ConcatenateTusUploadsCommand.MaxParts * (FileIdRules.MaxLength + 1));

        // Every PATCH writes a new token: a save under a token another PATCH replaced meanwhile changes no row
        // (DbUpdateConcurrencyException), which is how a superseded PATCH is fenced off across instances.
        builder.Property(u => u.PatchToken).HasColumnName("patch_token").IsConcurrencyToken();
        builder.Property(u => u.TailIndex).HasColumnName("tail_index");
        builder.Property(u => u.TailSize).HasColumnName("tail_size");
        builder.Property(u => u.TailLocation).HasColumnName("tail_location").HasMaxLength(200);

        // The task's removal (delete, cleanup, expiry) takes the upload's row with it; the tail's bytes live in the
        // task's storage, which the removal clears.
        builder.HasOne<UploadTask>().WithOne().HasForeignKey<TusUpload>(u => u.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}
