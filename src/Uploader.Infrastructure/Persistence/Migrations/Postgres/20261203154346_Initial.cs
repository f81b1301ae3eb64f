using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uploader.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "folder_uploads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    folder_task_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    folder_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_folder_uploads", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "key_attempts",
                columns: table => new
                {
                    address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    window_start = table.Column<long>(type: "bigint", nullable: false),
                    failures = table.Column<int>(type: "integer", nullable: false),
                    locked_until = table.Column<long>(type: "bigint", nullable: true),
                    known_good_at = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_key_attempts", x => x.address);
                });

            migrationBuilder.CreateTable(
                name: "leases",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_leases", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "web_sessions",
                columns: table => new
                {
                    id_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_web_sessions", x => x.id_hash);
                });

            migrationBuilder.CreateTable(
                name: "upload_tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    relative_path = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    file_size = table.Column<long>(type: "bigint", nullable: false),
                    total_chunks = table.Column<int>(type: "integer", nullable: false),
                    chunk_size = table.Column<long>(type: "bigint", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    file_md5 = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    final_path = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    merged_file_identity = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    retry_count = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false),
                    uploaded_chunks = table.Column<int>(type: "integer", nullable: false),
                    folder_id = table.Column<Guid>(type: "uuid", nullable: true),
                    merge_lease_expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    merge_owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    merged_bytes = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_upload_tasks", x => x.id);
                    table.ForeignKey(
                        name: "FK_upload_tasks_folder_uploads_folder_id",
                        column: x => x.folder_id,
                        principalTable: "folder_uploads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "chunks",
                columns: table => new
                {
                    chunk_index = table.Column<int>(type: "integer", nullable: false),
                    task_id = table.Column<Guid>(type: "uuid", nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    md5 = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    checksum = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    location = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    uploaded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    retry_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_chunks", x => new { x.task_id, x.chunk_index });
                    table.ForeignKey(
                        name: "FK_chunks_upload_tasks_task_id",
                        column: x => x.task_id,
                        principalTable: "upload_tasks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tus_uploads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    task_id = table.Column<Guid>(type: "uuid", nullable: false),
                    upload_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    metadata = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    length_deferred = table.Column<bool>(type: "boolean", nullable: false),
                    concatenation = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    part_ids = table.Column<string>(type: "character varying(20100)", maxLength: 20100, nullable: true),
                    patch_token = table.Column<Guid>(type: "uuid", nullable: true),
                    tail_index = table.Column<int>(type: "integer", nullable: true),
                    tail_size = table.Column<long>(type: "bigint", nullable: false),
                    tail_location = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
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
                name: "IX_chunks_task_id_status",
                table: "chunks",
                columns: new[] { "task_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_chunks_task_id_uploaded_at",
                table: "chunks",
                columns: new[] { "task_id", "uploaded_at" });

            migrationBuilder.CreateIndex(
                name: "IX_folder_uploads_created_at_id",
                table: "folder_uploads",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_folder_uploads_folder_task_id",
                table: "folder_uploads",
                column: "folder_task_id",
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_upload_tasks_created_at_id",
                table: "upload_tasks",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_upload_tasks_file_id",
                table: "upload_tasks",
                column: "file_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_upload_tasks_folder_id",
                table: "upload_tasks",
                column: "folder_id");

            migrationBuilder.CreateIndex(
                name: "IX_upload_tasks_status_created_at_id",
                table: "upload_tasks",
                columns: new[] { "status", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_upload_tasks_status_updated_at",
                table: "upload_tasks",
                columns: new[] { "status", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "IX_upload_tasks_updated_at",
                table: "upload_tasks",
                column: "updated_at");

            migrationBuilder.CreateIndex(
                name: "IX_web_sessions_expires_at",
                table: "web_sessions",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "chunks");

            migrationBuilder.DropTable(
                name: "key_attempts");

            migrationBuilder.DropTable(
                name: "leases");

            migrationBuilder.DropTable(
                name: "tus_uploads");

            migrationBuilder.DropTable(
                name: "web_sessions");

            migrationBuilder.DropTable(
                name: "upload_tasks");

            migrationBuilder.DropTable(
                name: "folder_uploads");
        }
    }
}
