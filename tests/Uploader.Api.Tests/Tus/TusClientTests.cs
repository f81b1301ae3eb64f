using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Uploader.Api.Tests;

/// <summary>
/// tus-js-client 4.3.1 (npm, installed by the fixture, run with the machine's Node) against the built server: the
/// way an application uploads with it, checked on the server (its md5 record, its byte counter).
/// </summary>
public sealed class TusClientTests
{
    private const string ClientVersion = "4.3.1";
    private const int MiB = 1024 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Longer in all than the restart may take (<see cref="ProcessServer.Startup"/>): on a loaded machine the start
    /// sets the pace, and the client gives up only after the fixture would have.
    /// </summary>
    private static readonly int[] RetryThroughRestart = RetriesLongerThan(ProcessServer.Startup);

    [Fact]
    public async Task Tus_js_client_uploads_100_MiB_in_one_patch_to_the_files_md5()
    {
        using var server = await ProcessServer.StartAsync(config => config["max_file_size"] = 200 * MiB);
        await server.ExplainFailuresAsync(async () =>
        {
            var file = RandomFile(server, "hundred.bin", 100 * MiB);
            var run = await RunClientAsync(server, file, new { });

            Assert.Equal("success", run.Event);
            Assert.Equal(Md5Of(file), await CompletedMd5Async(server, run.UploadId));
            Assert.Equal(100L * MiB, await TusBytesAsync(server));
        });
    }

    [Fact]
    public async Task Tus_js_client_with_parallel_uploads_4_sends_partial_uploads_and_concatenates_them_into_one_task()
    {
        using var server = await ProcessServer.StartAsync(config => config["max_file_size"] = 200 * MiB);
        await server.ExplainFailuresAsync(async () =>
        {
            var file = RandomFile(server, "parallel.bin", 100 * MiB);
            var run = await RunClientAsync(server, file, new { parallelUploads = 4 });

            Assert.True(run.Event == "success", run.Output);
            Assert.Equal(Md5Of(file), await CompletedMd5Async(server, run.UploadId));
            Assert.Equal(100L * MiB, await TusBytesAsync(server));
            using var api = server.Api(Timeout);
            var list = await api.Http.GetAsync(new Uri("go-uploader/tasks", UriKind.Relative)).ExpectOkAsync();
            var only = Assert.Single(list.GetProperty("tasks").EnumerateArray());
            Assert.Equal(run.UploadId, only.Str("file_id"));
            Assert.Equal("parallel.bin", only.Str("relative_path"));
            using var head = await api.Http.HeadAsync($"go-uploader/tus/{run.UploadId}");
            var concat = TusCalls.Header(head, "Upload-Concat");
            Assert.True(concat.StartsWith("final;", StringComparison.Ordinal) && concat.Split(' ').Length == 4, concat);
        });
    }

    [Fact]
    public async Task An_upload_aborted_mid_way_and_resumed_with_its_url_sends_only_the_rest()
    {
        using var server = await ProcessServer.StartAsync();
        await server.ExplainFailuresAsync(async () =>
        {
            var file = RandomFile(server, "resumed.bin", 40 * MiB);
            var aborted = await RunClientAsync(server, file, new { abortAtBytes = 20 * MiB, chunkSize = 4 * MiB, bytesPerSecond = 40 * MiB });
            Assert.Equal("aborted", aborted.Event);
            await Task.Delay(500);
            using var api = server.Api(Timeout);
            var offset = await api.Http.OffsetAsync($"go-uploader/tus/{aborted.UploadId}");
            Assert.InRange(offset, 16L * MiB, 40L * MiB - 1);
            Assert.Equal(offset, await TusBytesAsync(server));

            var resumed = await RunClientAsync(server, file, new { uploadUrl = aborted.Url });

            Assert.Equal("success", resumed.Event);
            Assert.Equal(Md5Of(file), await CompletedMd5Async(server, aborted.UploadId));
            Assert.Equal(40L * MiB, await TusBytesAsync(server));
        });
    }

    [Fact]
    public async Task The_client_resumes_after_the_server_is_killed_mid_patch_and_started_again()
    {
        using var server = await ProcessServer.StartAsync();
        var file = RandomFile(server, "survives.bin", 48 * MiB);
        var client = StartClient(server, file, new { chunkSize = 32 * MiB, bytesPerSecond = 24 * MiB, retryDelays = RetryThroughRestart });
        try
        {
            using (var api = server.Api(Timeout))
            {
                var upload = await FirstUploadAsync(server);
                await WaitForAsync(async () => await api.Http.OffsetAsync(upload) >= 8 * MiB);
                server.Process.KillAtOnce();
            }

            using var again = await server.StartAgainAsync();
            await again.ExplainFailuresAsync(async () =>
            {
                var run = await FinishAsync(client);
                Assert.True(run.Event == "success", run.Output);
                Assert.Equal(Md5Of(file), await CompletedMd5Async(server, run.UploadId));
            });
        }
        finally
        {
            if (!client.HasExited)
            {
                client.Kill();
            }

            client.Dispose();
        }
    }

    private static int[] RetriesLongerThan(TimeSpan span)
    {
        var delays = new List<int> { 500, 1000, 2000, 4000 };
        while (delays.Sum() <= span.TotalMilliseconds)
        {
            delays.Add(8000);
        }

        return [.. delays];
    }

    private sealed record ClientRun(string Event, string? Url, string Output)
    {
        public string UploadId => Url![(Url!.LastIndexOf('/') + 1)..];
    }

    private static string RandomFile(ProcessServer server, string name, int size)
    {
        var path = server.Folder.Combine(name);
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(size));
        return path;
    }

    private static Process StartClient(ProcessServer server, string file, object options)
    {
        var modules = NodePackages.InstalledAsync("tus-js-client", ClientVersion).GetAwaiter().GetResult();
        var start = new ProcessStartInfo(NodePackages.Node) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "tus-client.js"), modules, new Uri(server.BaseAddress, "go-uploader/tus/").AbsoluteUri,
            UploaderFactory.SecretKey, file, JsonSerializer.Serialize(options),
        })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("node did not start");
    }

    private static async Task<ClientRun> RunClientAsync(ProcessServer server, string file, object options)
    {
        using var client = StartClient(server, file, options);
        return await FinishAsync(client);
    }

    private static async Task<ClientRun> FinishAsync(Process client)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var stdout = client.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = client.StandardError.ReadToEndAsync(timeout.Token);
        await client.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'))
            ?? throw new Xunit.Sdk.XunitException($"tus-js-client printed no event: {output}");
        var json = JsonDocument.Parse(last).RootElement;
        return new ClientRun(json.GetProperty("event").GetString()!, json.TryGetProperty("url", out var url) ? url.GetString() : null, output);
    }

    /// <summary>The one tus upload the server has (the client's), by its path.</summary>
    private static async Task<string> FirstUploadAsync(ProcessServer server)
    {
        using var api = server.Api(Timeout);
        string? id = null;
        await WaitForAsync(async () =>
        {
            var list = await api.Http.GetAsync(new Uri("go-uploader/tasks", UriKind.Relative)).ExpectOkAsync();
            id = list.GetProperty("tasks").EnumerateArray().Select(t => t.Str("file_id")).FirstOrDefault();
            return id is not null;
        });
        return $"go-uploader/tus/{id}";
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }

    private static async Task<string?> CompletedMd5Async(ProcessServer server, string uploadId)
    {
        using var api = server.Api(Timeout);
        string? md5 = null;
        await WaitForAsync(async () =>
        {
            var task = await api.Http.GetAsync(new Uri($"go-uploader/tasks/{uploadId}", UriKind.Relative)).ExpectOkAsync();
            md5 = task.Str("status") == "completed" ? task.Str("md5") : null;
            return md5 is not null;
        });
        return md5;
    }

    /// <summary>uploader_tus_bytes_received_total of the running server process.</summary>
    private static async Task<long> TusBytesAsync(ProcessServer server)
    {
        using var api = server.Api(Timeout);
        var text = await api.Http.GetStringAsync(new Uri("go-uploader/metrics", UriKind.Relative));
        var line = text.Split('\n').Single(l => l.StartsWith("uploader_tus_bytes_received_total ", StringComparison.Ordinal));
        return (long)double.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture);
    }

    private static string Md5Of(string path)
    {
        // md5 is the contract's checksum, compared here, not used for security.
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(File.ReadAllBytes(path));
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }
}
