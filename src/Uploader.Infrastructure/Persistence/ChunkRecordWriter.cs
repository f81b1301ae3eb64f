using System.Data.Common;
using System.Threading.Channels;
using Uploader.Application.Errors;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Persistence.Providers;

namespace Uploader.Infrastructure.Persistence;

/// <summary>
/// Group commit of chunk records: the one writer of chunk rows in this process. It takes every record queued while
/// its previous commit ran and writes them in one transaction, so concurrent chunks share one commit and one fsync of
/// the log; each waiter is completed only after that commit. Each record runs in its own savepoint, so a record
/// refused inside a batch (task paused or removed, a lost race for its index) fails only its own request. How the
/// transaction begins and which errors are lost races is the provider's (<see cref="DatabaseDialect"/>).
/// </summary>
internal sealed class ChunkRecordWriter : IAsyncDisposable, IDisposable
{
    /// <summary>Records per transaction at most: bounds how long one commit holds the write lock.</summary>
    private const int MaxBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new() { SingleReader = true });
    private readonly DatabaseDialect _dialect;
    private readonly Task _loop;
    private DbConnection? _connection;
    private int _commits;

    public ChunkRecordWriter(DatabaseDialect dialect)
    {
        _dialect = dialect;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Transactions committed so far (for tests of the batching).</summary>
    internal int Commits => Volatile.Read(ref _commits);

    /// <summary>
    /// Queues the record; completes once the transaction holding it committed, with the task's stored count of usable
    /// chunks. Not cancellable once queued: the caller must learn whether the record is stored.
    /// </summary>
    public Task<int> RecordAsync(ChunkRow row)
    {
        var pending = new Pending(row, new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);

        return pending.Done.Task;
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            // Row locks are taken in one order by every instance's writer (task, then index), so two batches that
            // touch the same tasks wait for each other instead of deadlocking.
            CommitBatch([.. batch.OrderBy(p => p.Row.TaskId).ThenBy(p => p.Row.Index)]);
            batch.Clear();
        }
    }

    private void CommitBatch(List<Pending> batch)
    {
        var outcomes = new Exception?[batch.Count];
        var counts = new int[batch.Count];
        try
        {
            Open();
            Execute(_dialect.BeginWriteTransaction);
            try
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    (counts[i], outcomes[i]) = WriteInSavepoint(batch[i].Row);
                }

                Execute("COMMIT;");
            }
            catch when (_connection is { State: System.Data.ConnectionState.Open })
            {
                Execute("ROLLBACK;");
                throw;
            }
        }
        catch (Exception ex)
        {
            // Nothing of the batch is stored: every waiter hears it (a busy database is retried by the caller). A
            // connection the failure broke is opened anew for the next batch.
            DropBrokenConnection();
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(ex);
            }

            return;
        }

        Interlocked.Increment(ref _commits);
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is { } refusal)
            {
                batch[i].Done.TrySetException(refusal);
            }
            else
            {
                batch[i].Done.TrySetResult(counts[i]);
            }
        }
    }

    private (int Count, Exception? Refusal) WriteInSavepoint(ChunkRow row)
    {
        Execute("SAVEPOINT chunk_record;");
        try
        {
            var count = Write(row);
            Execute("RELEASE chunk_record;");
            return (count, null);
        }
        catch (Exception ex) when (ex is DomainRefusal || _dialect.IsConstraintViolation(ex))
        {
            Execute("ROLLBACK TO chunk_record;");
            Execute("RELEASE chunk_record;");
            return (0, ex is DomainRefusal refusal ? refusal.Error : new ConcurrentChange(row.FileId));
        }
    }

    /// <summary>The guarded count on the task row first (ChunkRecordSql), then the chunk row itself.</summary>
    private int Write(ChunkRow row)
    {
        var connection = _connection!;
        var count = ChunkRecordSql.CountOnTask(connection, row.TaskId, row.Index);
        if (count is null)
        {
            var status = ChunkRecordSql.Status(connection, row.TaskId);
            throw new DomainRefusal(status is { } present
                ? (Exception?)UploadTask.RefusalIn(present, row.FileId, "accept chunks") ?? new ConcurrentChange(row.FileId)
                : new TaskNotFound(row.FileId));
        }

        using var command = connection.CreateCommand();
        var names = row.Columns.Select(c => $"\"{c.Key}\"").ToList();
        var parameters = row.Columns.Select((_, i) => $"@p{i}").ToList();
        for (var i = 0; i < row.Columns.Count; i++)
        {
            ChunkRecordSql.Add(command, parameters[i], row.Columns[i].Value);
        }

        if (row.ReplacedLocation is null)
        {
            command.CommandText = $"INSERT INTO chunks ({string.Join(", ", names)}) VALUES ({string.Join(", ", parameters)});";
        }
        else
        {
            // Only the version this request replaced: another request's replacement since then is a lost race.
            command.CommandText = $"UPDATE chunks SET {string.Join(", ", names.Zip(parameters, (n, p) => $"{n} = {p}"))} "
                + "WHERE task_id = @task AND chunk_index = @index AND location = @replaced;";
            ChunkRecordSql.Add(command, "@task", row.TaskId);
            ChunkRecordSql.Add(command, "@index", row.Index);
            ChunkRecordSql.Add(command, "@replaced", row.ReplacedLocation);
        }

        if (command.ExecuteNonQuery() != 1)
        {
            throw new DomainRefusal(new ConcurrentChange(row.FileId));
        }

        return count.Value;
    }

    private void Open() => _connection ??= _dialect.OpenWriterConnection();

    private void DropBrokenConnection()
    {
        if (_connection is { State: not System.Data.ConnectionState.Open })
        {
            _connection.Dispose();
            _connection = null;
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection!.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed record Pending(ChunkRow Row, TaskCompletionSource<int> Done);

    /// <summary>A record the store refused; carries the error its request gets.</summary>
    private sealed class DomainRefusal(Exception error) : Exception(error.Message)
    {
        public Exception Error { get; } = error;
    }
}
