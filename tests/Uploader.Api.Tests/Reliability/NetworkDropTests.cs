using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace Uploader.Api.Tests;

/// <summary>
/// Issue 4, scenario 2, against the built server (Kestrel, not TestServer): a client that disconnects in the middle
/// of a chunk body, and one that stops sending. Raw sockets send the HTTP request by hand, so the body can stop
/// anywhere. concurrent_uploads is 1, so a request that kept its upload permit would block the next attempt.
/// </summary>
[Collection(ServerProcessGroup.Name)]
public sealed class NetworkDropTests(ITestOutputHelper output)
{
    /// <summary>How long the test waits for the server to react; a bound against hanging, not a timing assertion.</summary>
    private static readonly TimeSpan WaitBound = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_that_disconnects_mid_chunk_leaves_no_chunk_no_staged_file_and_no_lock(bool reset)
    {
        await RunAsync(async (server, port, folder) =>
        {
            var file = SourceFile.Random(3 * 256 * 1024, 256 * 1024);
            using var api = CreateApi(port);
            await api.UploadChunksAsync(file, [0]);

            using (var socket = await SendPartOfAsync(port, file.Request(1), fraction: 0.5))
            {
                await WaitUntilAsync(() => StagedFiles(folder).Length > 0, "the server to start staging the chunk");

                // A reset is a dropped network path; a plain close is a client that exits halfway.
                socket.LingerState = new LingerOption(true, 0);
                if (!reset)
                {
                    socket.Shutdown(SocketShutdown.Send);
                }
            }

            await WaitUntilAsync(() => StagedFiles(folder).Length == 0, "the staged body of the dropped request to be removed");
            await api.ExpectStoredAsync(file.FileId, 0);

            // Same chunk right away: nothing holds the permit or the index.
            await api.UploadChunksAsync(file, [1, 2]);
            await api.ExpectStoredAsync(file.FileId, 0, 1, 2);
            Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
            Assert.Empty(StagedFiles(folder));
        });
    }

    /// <summary>Issue 9, item 12: leaving mid-chunk is routine for a client, not a server error.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_that_disconnects_mid_chunk_is_one_warning_a_499_and_an_aborted_chunk_not_a_failure(bool reset)
    {
        await RunAsync(async (server, port, folder) =>
        {
            var file = SourceFile.Random(2 * 256 * 1024, 256 * 1024);
            using var api = CreateApi(port);
            var log = new ServerLog(server);

            using (var socket = await SendPartOfAsync(port, file.Request(1), fraction: 0.5))
            {
                await WaitUntilAsync(() => StagedFiles(folder).Length > 0, "the server to start staging the chunk");
                socket.LingerState = new LingerOption(true, 0);
                if (!reset)
                {
                    socket.Shutdown(SocketShutdown.Send);
                }
            }

            await log.WaitForAsync("POST /go-uploader/upload_chunk responded", WaitBound);
            var warning = Assert.Single(log.Entries("WRN"));
            Assert.Contains("went away after", warning, StringComparison.Ordinal);
            Assert.Contains($"upload_chunk for {file.FileId} chunk 1", warning, StringComparison.Ordinal);
            Assert.Empty(log.Entries("ERR"));
            Assert.Contains(log.Lines, l => l.Contains("POST /go-uploader/upload_chunk responded 499", StringComparison.Ordinal));
            Assert.DoesNotContain(log.Lines, l => l.Contains("responded 500", StringComparison.Ordinal));

            var metrics = await api.ScrapeAsync();
            Assert.Equal(1, metrics.Value("uploader_chunks_aborted_total"));
            Assert.DoesNotContain("uploader_chunk_failures_total{", metrics.Text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_client_that_stalls_mid_chunk_is_cut_off_and_does_not_hold_the_task()
    {
        await RunAsync(async (server, port, folder) =>
        {
            var file = SourceFile.Random(2 * 8192, 8192);
            using var api = CreateApi(port);
            await api.UploadChunksAsync(file, [0]);

            using var socket = await SendPartOfAsync(port, file.Request(1), fraction: 0.5);
            await WaitUntilAsync(() => StagedFiles(folder).Length > 0, "the server to start staging the chunk");

            // The client sends nothing more and never closes: the server must close the connection itself.
            var waited = Stopwatch.StartNew();
            var answer = await ReadUntilClosedAsync(socket);
            output.WriteLine($"connection closed by the server after {waited.Elapsed.TotalSeconds:F1} s; answer: {FirstLine(answer)}");
            Assert.DoesNotContain("HTTP/1.1 2", FirstLine(answer), StringComparison.Ordinal);
            Assert.DoesNotContain("HTTP/1.1 5", FirstLine(answer), StringComparison.Ordinal);

            await WaitUntilAsync(() => StagedFiles(folder).Length == 0, "the staged body of the stalled request to be removed");
            await api.ExpectStoredAsync(file.FileId, 0);
            await api.UploadChunksAsync(file, [1]);
            Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
        });
    }

    [Fact]
    public async Task A_client_that_stalls_after_most_of_a_large_chunk_is_cut_off_by_the_idle_timeout()
    {
        await RunAsync(async (server, port, folder) =>
        {
            // 90% of 1 MiB arrives at once: Kestrel's average-rate limit alone would wait about 15 minutes.
            var file = SourceFile.Random(1024 * 1024, 1024 * 1024);
            using var api = CreateApi(port);

            using var socket = await SendPartOfAsync(port, file.Request(0), fraction: 0.9);
            await WaitUntilAsync(() => StagedFiles(folder).Length > 0, "the server to start staging the chunk");

            var waited = Stopwatch.StartNew();
            await ReadUntilClosedAsync(socket);
            output.WriteLine($"connection closed by the server after {waited.Elapsed.TotalSeconds:F1} s");

            await WaitUntilAsync(() => StagedFiles(folder).Length == 0, "the staged body of the stalled request to be removed");
            await api.UploadChunksAsync(file, [0]);
            Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
        });
    }

    private async Task RunAsync(Func<ServerProcess, int, TempFolder, Task> steps)
    {
        using var server = await ProcessServer.StartAsync(config =>
        {
            config["concurrent_uploads"] = 1;
            config["log_level"] = "info";
        });
        try
        {
            await server.ExplainFailuresAsync(() => steps(server.Process, server.Port, server.Folder));
        }
        finally
        {
            output.WriteLine(server.Process.Explain());
        }
    }

    /// <summary>Sends the request line, headers and the first <paramref name="fraction"/> of the multipart body.</summary>
    private static async Task<Socket> SendPartOfAsync(int port, ChunkRequest request, double fraction)
    {
        using var content = request.ToContent();
        var body = await content.ReadAsByteArrayAsync();
        var head = new StringBuilder()
            .Append("POST /go-uploader/upload_chunk HTTP/1.1\r\n")
            .Append(CultureInfoInvariant($"Host: 127.0.0.1:{port}\r\n"))
            .Append(CultureInfoInvariant($"X-Secret-Key: {UploaderFactory.SecretKey}\r\n"))
            .Append(CultureInfoInvariant($"Content-Type: {content.Headers.ContentType}\r\n"))
            .Append(CultureInfoInvariant($"Content-Length: {body.Length}\r\n"))
            .Append("\r\n")
            .ToString();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            await socket.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None);
            await socket.SendAsync(body.AsMemory(0, (int)(body.Length * fraction)), SocketFlags.None);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads whatever the server answers until it closes (or resets) the connection.</summary>
    private static async Task<string> ReadUntilClosedAsync(Socket socket)
    {
        using var bound = new CancellationTokenSource(WaitBound);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, bound.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // Reset by the server: closed as well.
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"The server kept the stalled connection open for {WaitBound}.");
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > WaitBound)
            {
                throw new Xunit.Sdk.XunitException($"Waited {WaitBound} for {what}.");
            }

            await Task.Delay(50);
        }
    }

    private static string[] StagedFiles(TempFolder folder)
    {
        var staging = folder.Combine("upload", ".staging");
        return Directory.Exists(staging) ? Directory.GetFiles(staging, "*", SearchOption.AllDirectories) : [];
    }

    private static string FirstLine(string answer) => answer.Split("\r\n", 2)[0];

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static Uri BaseAddress(int port) => new($"http://127.0.0.1:{port}/");

    private static UploaderApi CreateApi(int port) => UploaderApi.ForProcess(BaseAddress(port), WaitBound);
}
