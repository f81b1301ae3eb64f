using System.Data.Common;
using System.Globalization;
using Uploader.Application.Tasks;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Persistence;

/// <summary>
/// The guarded write that records a chunk against its task: one statement that counts the chunk on the task row only
/// while the task is uploading, so that a pause, a merge claim or a removal committed since the chunk was admitted
/// refuses it (no row) instead of the chunk being recorded after it. It runs before the chunk row is written, so it
/// sees whether the index already held a usable chunk (a replacement counts nothing). The same SQL on SQLite and
/// PostgreSQL (both have UPDATE … RETURNING and take @name parameters); on PostgreSQL the UPDATE waits for a row lock
/// another instance holds and then re-checks the status on the row that instance committed.
/// </summary>
internal static class ChunkRecordSql
{
    private const string CountOnTaskSql = """
        UPDATE upload_tasks
        SET uploaded_chunks = uploaded_chunks + CASE WHEN EXISTS (
            SELECT 1 FROM chunks WHERE task_id = @task AND chunk_index = @index AND status = @usable) THEN 0 ELSE 1 END
        WHERE id = @task AND status = @uploading
        RETURNING uploaded_chunks;
        """;

    private const string StatusOf = "SELECT status FROM upload_tasks WHERE id = @task;";

    /// <returns>The task's count of usable chunks with this one, or null when the task is gone or not uploading.</returns>
    public static int? CountOnTask(DbConnection connection, Guid taskId, int index)
    {
        using var command = connection.CreateCommand();
        command.CommandText = CountOnTaskSql;
        Add(command, "@task", taskId);
        Add(command, "@index", index);
        Add(command, "@usable", ChunkStatusNames.Of(ChunkStatus.Uploaded));
        Add(command, "@uploading", TaskStatusNames.Of(UploadTaskStatus.Uploading));

        // SQLite answers a 64-bit integer, PostgreSQL the column's 32-bit one.
        var count = command.ExecuteScalar();
        return count is null or DBNull ? null : Convert.ToInt32(count, CultureInfo.InvariantCulture);
    }

    /// <summary>Why the guarded write found no row: the task's status now, or null when the task is gone.</summary>
    public static UploadTaskStatus? Status(DbConnection connection, Guid taskId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = StatusOf;
        Add(command, "@task", taskId);
        return command.ExecuteScalar() is string text ? TaskStatusNames.Parse(text) : null;
    }

    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
