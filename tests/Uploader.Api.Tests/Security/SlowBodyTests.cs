using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Uploader.Api.Tests;

/// <summary>
/// Security review item 4, scaled down: one address trickles chunk bodies at 1.5 KB/s (above Kestrel's old fixed
/// 1 KiB/s minimum) into a server with concurrent_uploads = 2, min_upload_rate = 4 KiB/s and upload_queue_timeout
/// = 3 s. Its first chunk takes its one slot (max_uploads_per_client defaults to half of 2), the others wait and are
/// refused after 3 s, a chunk from another address still runs at once, and the trickler is cut off and its staged
/// bytes removed.
/// </summary>
[Collection(ServerProcessGroup.Name)]
public sealed class SlowBodyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan WaitBound = TimeSpan.FromSeconds(30);
    private static readonly IPAddress Trickler = IPAddress.Parse("127.0.0.2");

    /// <summary>150 bytes every 100 ms: 1.5 KB/s, the reviewer's rate.</summary>
    private const int TrickleBytes = 150;
    private static readonly TimeSpan TrickleTick = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Tricklers_from_one_address_neither_starve_another_client_nor_wait_forever_and_are_cut_off()
    {
        using var server = await ProcessServer.StartAsync(config =>
        {
            config["concurrent_uploads"] = 2;
            config["min_upload_rate"] = 4096;
            config["upload_queue_timeout"] = 3;
            config["log_level"] = "info";
        });
        var (folder, port) = (server.Folder, server.Port);
        await server.ExplainFailuresAsync(async () =>
        {
            using var bound = new CancellationTokenSource(WaitBound);

            // 40 KB at 1.5 KB/s would take 27 s: the trickler must be stopped long before its body ends.
            var first = TrickleAsync(port, SourceFile.Random(40_000, 40_000), bound.Token);
            await WaitUntilAsync(() => StagedFiles(folder).Length > 0, "the server to start staging the first trickled chunk");
            var queued = Enumerable.Range(0, 2).Select(_ => TrickleAsync(port, SourceFile.Random(40_000, 40_000), bound.Token)).ToList();

            // Another address gets the second slot while the trickler holds the first.
            using (var api = server.Api(TimeSpan.FromSeconds(8)))
            {
                var legitimate = SourceFile.Random(4096, 4096);
                await api.UploadAsync(legitimate.Request(0)).ExpectOkAsync();
                Assert.False(first.IsCompleted, "the trickler finished before the legitimate chunk was checked");
            }

            foreach (var refused in await Task.WhenAll(queued))
            {
                Assert.Equal(429, refused.Status);
                Assert.Equal("2", refused.Header("Retry-After"));
                Assert.Contains("too_many_requests", refused.Body, StringComparison.Ordinal);
            }

            var cut = await first;
            output.WriteLine($"trickler: {cut.BytesSent} of {cut.ContentLength} bytes sent, answer '{cut.Head.Split("\r\n")[0]}'");
            Assert.True(cut.AnsweredEarly, "the trickler could send its whole body");
            Assert.NotEqual(200, cut.Status);
            await WaitUntilAsync(() => StagedFiles(folder).Length == 0, "the trickler's staged bytes to be removed");
        });
    }

    private static async Task<RawAnswer> TrickleAsync(int port, SourceFile file, CancellationToken ct)
    {
        using var content = file.Request(0).ToContent();
        var body = await content.ReadAsByteArrayAsync(ct);
        using var socket = await LoopbackSockets.ConnectFromAsync(Trickler, port);
        return await RawUpload.SendAsync(
            socket, port, content.Headers.ContentType!.ToString(), body.Length, RawUpload.Pieces(body, TrickleBytes), TrickleTick, ct);
    }

    private static string[] StagedFiles(TempFolder folder)
    {
        var staging = folder.Combine("upload", ".staging");
        return Directory.Exists(staging) ? Directory.GetFiles(staging, "*", SearchOption.AllDirectories) : [];
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
}
