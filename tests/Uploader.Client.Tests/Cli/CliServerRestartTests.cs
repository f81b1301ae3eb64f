using System.Diagnostics;
using Uploader.Client.Tests.Server;
using Xunit.Abstractions;

namespace Uploader.Client.Tests.Cli;

/// <summary>
/// The promise end to end: `uploader upload big.iso --server ... --key ...` survives a SIGKILL and restart of
/// the real server process in the middle of the upload (it retries, then resumes the same task) and leaves a verified
/// file. Both the server and the CLI run as real processes, the CLI with its default retry settings.
/// </summary>
public sealed class CliServerRestartTests(ITestOutputHelper output) : IDisposable
{
    private const string SecretKey = "cli-restart-tests-secret-key-0123456789";
    private const int ChunkSize = 1024 * 1024;
    private const int TotalChunks = 24;
    private const int StoredBeforeKill = 4;
    private const int Parallel = 2;

    // The scenario: the server is down for a moment, then starts again on the same port and config.
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(30);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Upload_retries_through_a_server_restart_resumes_the_same_task_and_merges_a_verified_file()
    {
        var port = FreePort.Next();
        var configPath = ServerConfig.WriteInto(_folder, port, SecretKey);
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var source = TestFile.Create(_folder.Combine("source"), "big.iso", TotalChunks * ChunkSize, seed: 40);
        var fileId = "cli-restart-" + Guid.NewGuid().ToString("N");
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var api = new UploaderClient(http, new UploaderClientOptions
        {
            BaseAddress = baseAddress,
            ApiKey = SecretKey,
            RetryMaxAttempts = 0,
            AttemptTimeout = TimeSpan.FromSeconds(10),
        });

        var first = ServerProcess.Start(configPath);
        ServerProcess? second = null;
        try
        {
            await first.WaitUntilLiveAsync(baseAddress, Startup);

            // Default retry settings on purpose: the server takes 3-7 s from start to live on a loaded machine, longer
            // than a request's own retries (3 from 1 s, with jitter: 3-4 s), so this passes only because the upload
            // comes back for --reconnect-timeout (default 1 min) and resumes from upload_status.
            using var cli = CliProcess.Start(
                "upload", source, "--server", baseAddress.ToString(), "--key", SecretKey,
                "--chunk-size", "1MiB", "--parallel", Parallel.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--file-id", fileId, "--relative-path", "restart/big.iso", "--json");

            await UntilStoredAsync(api, fileId, StoredBeforeKill);
            first.Kill();
            var killedAt = DateTimeOffset.UtcNow;
            var downFor = Stopwatch.StartNew();
            await Task.Delay(Downtime);
            var restartedAt = DateTimeOffset.UtcNow;
            second = ServerProcess.Start(configPath);
            await second.WaitUntilLiveAsync(baseAddress, Startup);
            output.WriteLine($"server killed -> live again: {downFor.Elapsed.TotalSeconds:F1} s");
            var result = await cli.WaitAsync();

            Assert.True(result.ExitCode == 0, result.ToString());
            var upload = Assert.Single(result.Json().GetProperty("uploads").EnumerateArray().ToList());
            var md5 = TestFile.Md5(source);
            Assert.Equal(fileId, upload.GetProperty("file_id").GetString());
            Assert.Equal(md5, upload.GetProperty("md5").GetString());

            // Every chunk is sent once, except those in flight at the kill that the server stored but could not
            // acknowledge (the resumed round finds them stored). A chunk acknowledged before the kill but lost by the
            // restart would come back from the merge as missing and be sent again, making this more than the count.
            Assert.InRange(upload.GetProperty("chunks_sent").GetInt32(), TotalChunks - Parallel, TotalChunks);
            Assert.Equal(0, upload.GetProperty("chunks_skipped").GetInt32());
            var merged = _folder.Combine("merged", upload.GetProperty("file_path").GetString()!);
            Assert.Equal(md5, TestFile.Md5(merged));

            // The task from before the kill was carried on, not recreated: its chunks stored by the first server are
            // still the versions that were merged (a re-send stores a new version with a new uploaded_at), and the
            // rest went to the second server, so the kill did land in the middle of the upload.
            var task = await api.GetTaskAsync(fileId);
            output.WriteLine($"chunks stored by the first server: {task.Chunks.Count(c => c.UploadedAt < killedAt)}, by the second: {task.Chunks.Count(c => c.UploadedAt > restartedAt)}");
            Assert.Equal("completed", task.Status);
            Assert.True(task.CreatedAt < killedAt, $"created {task.CreatedAt:O}, killed {killedAt:O}");
            Assert.True(task.Chunks.Count(c => c.UploadedAt < killedAt) >= StoredBeforeKill, task.Raw.ToString());
            Assert.Contains(task.Chunks, c => c.UploadedAt > restartedAt);
        }
        finally
        {
            output.WriteLine("first server:\n" + first.Explain());
            first.Dispose();
            if (second is not null)
            {
                output.WriteLine("second server:\n" + second.Explain());
                second.Dispose();
            }
        }
    }

    /// <summary>Waits until the server has recorded <paramref name="count"/> chunks of the task.</summary>
    private static async Task UntilStoredAsync(UploaderClient api, string fileId, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var status = await api.GetUploadStatusAsync(fileId);
                if (status.UploadedChunks.Count >= count)
                {
                    return;
                }

                Assert.True(status.Status == "uploading", $"The upload went {status.Status} before the kill.");
            }
            catch (UploaderApiException ex) when (ex.Code == "task_not_found")
            {
                // The CLI has not sent its first chunk yet.
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), $"The server did not store {count} chunks within 20 s.");
            await Task.Delay(20);
        }
    }
}
