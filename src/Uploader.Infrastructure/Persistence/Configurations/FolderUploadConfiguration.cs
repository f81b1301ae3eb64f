using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Uploader.Application.Tasks;
using Uploader.Domain.Folders;

namespace Uploader.Infrastructure.Persistence.Configurations;

internal sealed class FolderUploadConfiguration : IEntityTypeConfiguration<FolderUpload>
{
    public void Configure(EntityTypeBuilder<FolderUpload> builder)
    {
        builder.ToTable("folder_uploads");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(f => f.FolderTaskId).HasColumnName("folder_task_id").HasMaxLength(FileIdRules.MaxLength).IsRequired();
        builder.HasIndex(f => f.FolderTaskId).IsUnique();
        builder.Property(f => f.FolderName).HasColumnName("folder_name").HasMaxLength(255).IsRequired();
        builder.Property(f => f.CreatedAt).HasColumnName("created_at");

        // The task list merges folders and tasks newest first (EfUploadTaskReader.ListAsync).
        builder.HasIndex(f => new { f.CreatedAt, f.Id });
        builder.Ignore(f => f.Status);

        // Removing the folder's row removes its files' rows in the same statement; their chunk data is the caller's
        // (TaskRemoval), as for a task removed alone.
        builder.HasMany(f => f.Files)
            .WithOne()
            .HasForeignKey(t => t.FolderId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(f => f.Files).HasField("_files").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
