using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uploader.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TaskListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_upload_tasks_created_at_id",
                table: "upload_tasks",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_upload_tasks_status_created_at_id",
                table: "upload_tasks",
                columns: new[] { "status", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_chunks_task_id_uploaded_at",
                table: "chunks",
                columns: new[] { "task_id", "uploaded_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_upload_tasks_created_at_id",
                table: "upload_tasks");

            migrationBuilder.DropIndex(
                name: "IX_upload_tasks_status_created_at_id",
                table: "upload_tasks");

            migrationBuilder.DropIndex(
                name: "IX_chunks_task_id_uploaded_at",
                table: "chunks");
        }
    }
}
