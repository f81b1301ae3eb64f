using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Uploader.Infrastructure.Persistence;
using Uploader.Infrastructure.Persistence.Providers;

namespace Uploader.Infrastructure.Tests;

/// <summary>
/// What SQLite does for a page of the task list, read from its query plan rather than from a stopwatch: the
/// page comes from an index in order, and chunk rows are reached only by index lookups per listed task. SQLite only:
/// the seeding SQL and EXPLAIN QUERY PLAN are SQLite's own.
/// </summary>
public sealed class TaskListQueryPlanTests : IAsyncLifetime
{
    private TempDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TempDatabase.CreateAsync();
        await using var scope = _db.NewScope();
        // 2,000 tasks with 3 chunks each, written directly: the plan, not the seeding, is under test.
        await scope.Db.Database.ExecuteSqlRawAsync("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
            INSERT INTO upload_tasks (id, file_id, file_name, relative_path, file_size, total_chunks, status,
                                      created_at, updated_at, retry_count, version)
            SELECT printf('%08X-0000-7000-8000-000000000000', i), 'task-' || i, 'f.bin', 'f.bin', 30, 3,
                   CASE i % 3 WHEN 0 THEN 'paused' ELSE 'uploading' END,
                   printf('2026-01-01 00:%02d:%02d', (i / 60) % 60, i % 60), '2026-01-01 00:00:00', 0, 0
            FROM n;
            INSERT INTO chunks (task_id, chunk_index, size, md5, location, status, uploaded_at, retry_count)
            SELECT t.id, c.i, 10, '0123456789abcdef0123456789abcdef', 'x.chunk', 'uploaded', '2026-01-01 01:00:00', 0
            FROM upload_tasks t, (SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2) c;
            ANALYZE;
            """);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_page_reads_chunks_by_index_only_and_sorts_only_the_page(bool filtered)
    {
        var commands = new CommandCapture();
        var options = new DbContextOptionsBuilder<UploaderDbContext>()
            .UseSqlite($"Data Source={_db.Database}")
            .AddInterceptors(commands)
            .Options;
        await using (var db = new UploaderDbContext(options))
        {
            var page = await new EfUploadTaskReader(db, DatabaseDialect.For(DatabaseProvider.Sqlite, _db.Database)).ListAsync(
                filtered ? Domain.Tasks.UploadTaskStatus.Paused : null, null, 7, 50, CancellationToken.None);
            Assert.Equal(50, page.Tasks.Count);
        }

        // Filtered: the count, then the page. Unfiltered (ADR 0013): both counts, the newest ids of single tasks and of
        // folders as far as the page reaches, then the page's summaries; the folders' queries run only for folders listed.
        Assert.Equal(filtered ? 2 : 5, commands.Executed.Count);
        var plan = await PlanAsync(commands.Executed[^1]);
        // Count, byte sum and newest chunk time: one index lookup each per listed task.
        var chunkSteps = plan.Where(step => step.Contains("IX_chunks_", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, chunkSteps.Count);
        Assert.All(chunkSteps, step => Assert.StartsWith("SEARCH", step, StringComparison.Ordinal));
        // No table is scanned without an index, and the only sort is the one of the page's 50 rows: the page's
        // ids come from the (status,) created_at index in order.
        var plans = new List<List<string>>();
        foreach (var command in commands.Executed)
        {
            plans.Add(await PlanAsync(command));
        }

        Assert.All(plans, p => Assert.DoesNotContain(p, step => step.StartsWith("SCAN", StringComparison.Ordinal) && !step.Contains("INDEX IX_", StringComparison.Ordinal) && !step.Contains("COVERING INDEX", StringComparison.Ordinal)));
        // Unfiltered, the page's rows are put in order in memory, so no query sorts at all.
        Assert.Equal(filtered ? 1 : 0, plans.SelectMany(p => p).Count(step => step.Contains("TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal)));
    }

    /// <summary>The detail column of EXPLAIN QUERY PLAN for a command as EF sent it.</summary>
    private async Task<List<string>> PlanAsync(DbCommand sent)
    {
        await using var connection = new SqliteConnection($"Data Source={_db.Database}");
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sent.CommandText;
        foreach (DbParameter parameter in sent.Parameters)
        {
            explain.Parameters.AddWithValue(parameter.ParameterName, parameter.Value);
        }

        var steps = new List<string>();
        await using var rows = await explain.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            steps.Add(rows.GetString(3));
        }

        return steps;
    }

    private sealed class CommandCapture : DbCommandInterceptor
    {
        public List<DbCommand> Executed { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Executed.Add(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
