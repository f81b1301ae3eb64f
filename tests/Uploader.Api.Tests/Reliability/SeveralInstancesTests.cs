using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Data.Common;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Uploader.Api.Tests;

/// <summary>
/// Issue 11, item 2: two server processes on one task store and one pair of folders behave as two
/// instances behind a load balancer. A merge's lease lets the survivor settle a killed instance's merge once that lease
/// ran out and not before; a starting instance leaves the other's in-flight staging file alone.
/// </summary>
[Collection(ServerProcessGroup.Name)]
public sealed class SeveralInstancesTests(ITestOutputHelper output)
{
    /// <summary>A bound against hanging, not a timing assertion.</summary>
    private static readonly TimeSpan WaitBound = TimeSpan.FromSeconds(90);

    private const int LeaseSeconds = 3;
    private const int ChunkSize = 1024 * 1024;

    [Fact]
    public async Task A_merge_whose_instance_was_killed_is_settled_by_the_other_instance_after_its_lease_ran_out_and_not_before()
    {
        using var first = await ProcessServer.StartAsync(Configure);
        using var second = await first.StartSiblingAsync("second");
        var file = SourceFile.Random(128 * ChunkSize, ChunkSize, "big.bin");
        await Explained(first, second, async () =>
        {
            using var viaFirst = first.Api(WaitBound);
            using var viaSecond = second.Api(WaitBound);
            await UploadInBatchesAsync(viaFirst, file);

            using (var accepted = await MergeInBackgroundAsync(viaFirst, file.FileId))
            {
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            }

            first.Process.KillAtOnce();
            var (owner, expiresAt) = Lease(first, file.FileId);
            output.WriteLine($"killed the instance {owner} mid-merge; its lease runs until {expiresAt:O}");
            Assert.Equal("merging", (await viaSecond.StatusAsync(file.FileId).ExpectOkAsync()).Str("status"));

            var settled = await WaitUntilSettledAsync(viaSecond, file.FileId);
            var settledAt = UpdatedAt(first, file.FileId);
            output.WriteLine($"the other instance settled it at {settledAt:O} as {settled}");
            Assert.True(settledAt > expiresAt, $"settled at {settledAt:O}, before the killed instance's lease ran out at {expiresAt:O}");
            Assert.True(settled is "uploading" or "completed", $"settled as {settled}");
            // The settlement is saved before it is logged: the status can be read a moment before the line is written.
            await WaitUntilAsync(
                () => second.Process.Output.Contains($"Task {file.FileId} was merging when the server stopped", StringComparison.Ordinal),
                "the other instance to log the settlement");

            // Merged again through the survivor: one file, whatever the kill had left.
            var merged = await viaSecond.MergeAsync(file.FileId, file.Md5).ExpectOkAsync();
            Assert.Equal("big.bin", merged.Str("file_path"));
            Assert.Equal(["big.bin"], await first.Stored.MergedFilesAsync());
            Assert.Equal(file.Md5, await first.Stored.Md5OfMergedAsync("big.bin"));
        });
    }

    [Fact]
    public async Task An_instance_paused_past_its_lease_finds_its_merge_taken_over_when_it_resumes_and_publishes_nothing()
    {
        using var first = await ProcessServer.StartAsync(Configure);
        using var second = await first.StartSiblingAsync("second");
        var file = SourceFile.Random(128 * ChunkSize, ChunkSize, "paused.bin");
        await Explained(first, second, async () =>
        {
            using var viaFirst = first.Api(WaitBound);
            using var viaSecond = second.Api(WaitBound);
            await UploadInBatchesAsync(viaFirst, file);

            using (var accepted = await MergeInBackgroundAsync(viaFirst, file.FileId))
            {
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            }

            await PauseHoldingNoWriteLockAsync(first);
            try
            {
                Assert.Equal("uploading", await WaitUntilSettledAsync(viaSecond, file.FileId));
            }
            finally
            {
                Signal("CONT", first.Process);
            }

            // The resumed instance notices (its renewal finds another owner, or its next save the new version) and
            // ends the merge without a file.
            await WaitUntilAsync(
                () => first.Process.Output.Contains($"Background merge of task {file.FileId} ended with", StringComparison.Ordinal),
                "the resumed instance to end its merge");
            Assert.Empty(await first.Stored.MergedFilesAsync());
            Assert.Equal("uploading", (await viaFirst.StatusAsync(file.FileId).ExpectOkAsync()).Str("status"));

            var merged = await viaFirst.MergeAsync(file.FileId, file.Md5).ExpectOkAsync();
            Assert.Equal("paused.bin", merged.Str("file_path"));
            Assert.Equal(["paused.bin"], await first.Stored.MergedFilesAsync());
        });
    }

    [Fact]
    public async Task An_instance_that_starts_leaves_another_instance_s_in_flight_staging_file_and_that_chunk_is_stored()
    {
        using var first = await ProcessServer.StartAsync(Configure);
        var file = SourceFile.Random(2 * 256 * 1024, 256 * 1024);
        await first.ExplainFailuresAsync(async () =>
        {
            using var upload = await HalfSentUpload.StartAsync(first.Port, file.Request(1));
            await WaitUntilAsync(() => StagedFiles(first.Folder).Length > 0, "the first instance to start staging the chunk");
            var staged = Assert.Single(StagedFiles(first.Folder));

            using var second = await first.StartSiblingAsync("second");
            Assert.True(File.Exists(staged), $"the starting instance removed {staged}\n{second.Process.Explain()}");

            var answer = await upload.FinishAsync();
            Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
            using var viaSecond = second.Api(WaitBound);
            await viaSecond.ExpectStoredAsync(file.FileId, 1);
            await viaSecond.UploadChunksAsync(file, [0]);
            Assert.Equal(file.Md5, (await viaSecond.MergeOkAsync(file)).Str("md5"));
        });
    }

    [Fact]
    public async Task Merges_of_one_task_sent_to_two_instances_at_once_publish_one_file()
    {
        using var first = await ProcessServer.StartAsync(Configure);
        using var second = await first.StartSiblingAsync("second");
        var file = SourceFile.Random(16 * ChunkSize, ChunkSize, "once.bin");
        await Explained(first, second, async () =>
        {
            using var viaFirst = first.Api(WaitBound);
            using var viaSecond = second.Api(WaitBound);
            await UploadInBatchesAsync(viaFirst, file);

            var answers = await Task.WhenAll(viaFirst.MergeAsync(file.FileId, file.Md5), viaSecond.MergeAsync(file.FileId, file.Md5));
            foreach (var answer in answers)
            {
                output.WriteLine($"{(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            }

            Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
            Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)a.StatusCode}"));
            Assert.Equal(["once.bin"], await first.Stored.MergedFilesAsync());
            Assert.Equal("completed", (await viaSecond.StatusAsync(file.FileId).ExpectOkAsync()).Str("status"));
        });
    }

    private static void Configure(System.Text.Json.Nodes.JsonObject config)
    {
        config["lease_seconds"] = LeaseSeconds;
        config["max_file_size"] = 256L * 1024 * 1024;
        config["max_chunk_size"] = ChunkSize;
        config["log_level"] = "info";

        // The half-sent chunk waits while the other instance starts: the body's rate check must not cut it meanwhile.
        config["min_upload_rate"] = 1024;
    }

    /// <summary>A few chunks at a time: all of a large file at once would overflow the upload queue (429).</summary>
    private static async Task UploadInBatchesAsync(UploaderApi api, SourceFile file)
    {
        foreach (var batch in file.Indexes.Chunk(4))
        {
            await api.UploadChunksAsync(file, batch);
        }
    }

    private static async Task<HttpResponseMessage> MergeInBackgroundAsync(UploaderApi api, string fileId)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["file_id"] = fileId });
        return await api.Http.PostAsync("go-uploader/merge_chunks?async=true", content);
    }

    private static async Task<string> WaitUntilSettledAsync(UploaderApi api, string fileId)
    {
        using var bound = new CancellationTokenSource(WaitBound);
        while (true)
        {
            var status = (await api.StatusAsync(fileId).ExpectOkAsync()).Str("status")!;
            if (status != "merging")
            {
                return status;
            }

            await Task.Delay(100, bound.Token);
        }
    }

    /// <summary>
    /// SIGSTOPs the server at a moment it holds no write lock on the database: stopped inside one of its short writes
    /// (a renewal, a progress figure), it would block every instance's writes for as long as it stays stopped. SQLite:
    /// it holds no write lock on the database's files; PostgreSQL: no session of the store is inside a transaction.
    /// </summary>
    private static async Task PauseHoldingNoWriteLockAsync(ProcessServer server)
    {
        for (var attempt = 1; ; attempt++)
        {
            Signal("STOP", server.Process);
            await WaitUntilEveryThreadStoppedAsync(server.Process.Id);
            if (HoldsNoWriteLock(server))
            {
                return;
            }

            Assert.True(attempt < 20, "the server held a write lock at every one of 20 tries");
            Signal("CONT", server.Process);
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// kill(2) returns before the group stop has reached every thread: one still running could take a write lock
    /// after the check found none. Once every thread is in state T the process takes and gives back nothing.
    /// </summary>
    private static async Task WaitUntilEveryThreadStoppedAsync(int pid)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Directory.GetDirectories($"/proc/{pid}/task").Any(IsRunning))
        {
            await Task.Delay(5, bound.Token);
        }

        // A thread that ended between the listing and the read holds nothing.
        static bool IsRunning(string thread)
        {
            var stat = Path.Combine(thread, "stat");
            var text = File.Exists(stat) ? File.ReadAllText(stat) : ") T";
            return text[text.LastIndexOf(')') + 2] is not ('T' or 't');
        }
    }

    private static bool HoldsNoWriteLock(ProcessServer server)
    {
        if (TestStore.IsPostgres)
        {
            using var connection = Open(server);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%';";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0;
        }

        // SQLite's locks are POSIX locks, listed by the kernel: with every thread stopped the list cannot change, so
        // reading it is exact. (A BEGIN IMMEDIATE probe was not: it reported the lock free after 30 s while the stopped
        // process held the WAL write lock, byte 120 of the -shm file, all along.)
        var pid = server.Process.Id.ToString(CultureInfo.InvariantCulture);
        return !File.ReadLines("/proc/locks")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(fields => fields is [_, "POSIX", _, "WRITE", var holder, ..] && holder == pid);
    }

    private static void Signal(string signal, ServerProcess server)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, server.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>The merge lease as the task row holds it, read from the shared database file.</summary>
    private static (string Owner, DateTime ExpiresAt) Lease(ProcessServer server, string fileId)
    {
        using var connection = Open(server);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT merge_owner, merge_lease_expires_at FROM upload_tasks WHERE file_id = @id;";
        AddId(command, fileId);
        using var row = command.ExecuteReader();
        Assert.True(row.Read(), "no task row");
        return (row.GetString(0), Utc(row.GetValue(1)));
    }

    private static DateTime UpdatedAt(ProcessServer server, string fileId)
    {
        using var connection = Open(server);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT updated_at FROM upload_tasks WHERE file_id = @id;";
        AddId(command, fileId);
        return Utc(command.ExecuteScalar()!);
    }

    /// <summary>The shared store as an operator would read it: the SQLite file, or the PostgreSQL database of the config.</summary>
    private static DbConnection Open(ProcessServer server) => TestStore.Open(TestStore.IsPostgres
        ? JsonNode.Parse(File.ReadAllText(server.ConfigPath))!["database"]!.GetValue<string>()
        : server.Folder.Combine("data", "uploader.db"));

    private static void AddId(DbCommand command, string fileId)
    {
        var id = command.CreateParameter();
        id.ParameterName = "@id";
        id.Value = fileId;
        command.Parameters.Add(id);
    }

    /// <summary>SQLite stores a time as text, PostgreSQL as a timestamp.</summary>
    private static DateTime Utc(object stored) => stored is DateTime time
        ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
        : DateTime.Parse((string)stored, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string[] StagedFiles(TempFolder folder)
    {
        var staging = folder.Combine("upload", ".staging");
        return Directory.Exists(staging) ? Directory.GetFiles(staging, "*", SearchOption.AllDirectories) : [];
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var bound = new CancellationTokenSource(WaitBound);
        while (!condition())
        {
            if (bound.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"Waited {WaitBound} for {what}.");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    private async Task Explained(ProcessServer first, SiblingServer second, Func<Task> steps)
    {
        try
        {
            await first.ExplainFailuresAsync(() => second.Process.ExplainFailuresAsync(steps));
        }
        finally
        {
            output.WriteLine(first.Process.Explain());
            output.WriteLine(second.Process.Explain());
        }
    }

    /// <summary>An upload_chunk request sent by hand up to half of its body, so that its staged file stays in flight.</summary>
    private sealed class HalfSentUpload : IDisposable
    {
        private readonly Socket _socket;
        private readonly byte[] _rest;

        private HalfSentUpload(Socket socket, byte[] rest)
        {
            _socket = socket;
            _rest = rest;
        }

        public static async Task<HalfSentUpload> StartAsync(int port, ChunkRequest request)
        {
            using var content = request.ToContent();
            var body = await content.ReadAsByteArrayAsync();
            var head = new StringBuilder()
                .Append("POST /go-uploader/upload_chunk HTTP/1.1\r\n")
                .Append(CultureInfo.InvariantCulture, $"Host: 127.0.0.1:{port}\r\n")
                .Append(CultureInfo.InvariantCulture, $"X-Secret-Key: {UploaderFactory.SecretKey}\r\n")
                .Append(CultureInfo.InvariantCulture, $"Content-Type: {content.Headers.ContentType}\r\n")
                .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n")
                .Append("Connection: close\r\n")
                .Append("\r\n")
                .ToString();
            var half = body.Length / 2;
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port);
                await socket.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None);
                await socket.SendAsync(body.AsMemory(0, half), SocketFlags.None);
                return new HalfSentUpload(socket, body[half..]);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        /// <summary>Sends the rest of the body and reads the answer until the server closes the connection.</summary>
        public async Task<string> FinishAsync()
        {
            await _socket.SendAsync(_rest, SocketFlags.None);
            using var bound = new CancellationTokenSource(WaitBound);
            var received = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await _socket.ReceiveAsync(buffer, SocketFlags.None, bound.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }

            return Encoding.ASCII.GetString(received.ToArray());
        }

        public void Dispose() => _socket.Dispose();
    }
}
