using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uploader.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class UploadedChunksOnTask : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "uploaded_chunks",
                table: "upload_tasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Hand-written backfill: the usable chunks each task already has ('uploaded' as ChunkStatusNames spelled it
            // when this migration was written; a migration keeps the words of its time).
            migrationBuilder.Sql(
                "UPDATE upload_tasks SET uploaded_chunks = "
                + "(SELECT COUNT(*) FROM chunks WHERE chunks.task_id = upload_tasks.id AND chunks.status = 'uploaded');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "uploaded_chunks",
                table: "upload_tasks");
        }
    }
}
