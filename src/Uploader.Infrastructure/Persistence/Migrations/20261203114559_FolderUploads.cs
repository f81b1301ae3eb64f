using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uploader.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FolderUploads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "folder_id",
                table: "upload_tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "folder_uploads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    folder_task_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    folder_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_folder_uploads", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_upload_tasks_folder_id",
                table: "upload_tasks",
                column: "folder_id");

            migrationBuilder.CreateIndex(
                name: "IX_folder_uploads_created_at_id",
                table: "folder_uploads",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_folder_uploads_folder_task_id",
                table: "folder_uploads",
                column: "folder_task_id",
                unique: true);

            // No FOREIGN KEY on SQLite: adding one to an existing table makes EF rebuild it with foreign_keys off, a step
            // outside the migration's transaction that a crash could leave half done. A folder's files are removed with
            // it by EfFolderUploadRepository.RemoveAsync, which removes their rows explicitly in the same save.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "folder_uploads");

            migrationBuilder.DropIndex(
                name: "IX_upload_tasks_folder_id",
                table: "upload_tasks");

            migrationBuilder.DropColumn(
                name: "folder_id",
                table: "upload_tasks");
        }
    }
}
