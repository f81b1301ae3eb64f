using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uploader.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TusUploads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tus_uploads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    task_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    upload_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    metadata = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    patch_token = table.Column<Guid>(type: "TEXT", nullable: true),
                    tail_index = table.Column<int>(type: "INTEGER", nullable: true),
                    tail_size = table.Column<long>(type: "INTEGER", nullable: false),
                    tail_location = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tus_uploads", x => x.id);
                    table.ForeignKey(
                        name: "FK_tus_uploads_upload_tasks_task_id",
                        column: x => x.task_id,
                        principalTable: "upload_tasks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_tus_uploads_task_id",
                table: "tus_uploads",
                column: "task_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tus_uploads_upload_id",
                table: "tus_uploads",
                column: "upload_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tus_uploads");
        }
    }
}
