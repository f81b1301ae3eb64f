using System.Globalization;
using System.Net;
using System.Text;

namespace Uploader.Api.Tests;

/// <summary>
/// An upload_chunk body over the chunk limit is refused on its headers: a client that sends Expect: 100-continue never
/// gets 100 Continue and reads the 413 with its code and the limit in the contract's words, instead of a broken pipe.
/// Over a raw socket against the built server, since 100 Continue is Kestrel's.
/// </summary>
[Collection(ServerProcessGroup.Name)]
public sealed class OversizedChunkTests
{
    /// <summary>The tests' max_chunk_size (TestConfig) plus the 1 MiB of room for fields and framing.</summary>
    private const long MaxChunkSize = 1024 * 1024;
    private const long BodyLimit = MaxChunkSize + (1024 * 1024);

    [Fact]
    public async Task A_content_length_over_the_limit_gets_413_on_its_headers_without_100_continue()
    {
        await WithServerAsync(async (port, folder, ct) =>
        {
            using var socket = await LoopbackSockets.ConnectFromAsync(IPAddress.Loopback, port);
            var exchange = new RawExchange(socket);
            var claimed = BodyLimit + 1;

            await exchange.SendHeadAsync(
                port, ["Content-Type: multipart/form-data; boundary=b", $"Content-Length: {claimed}", "Expect: 100-continue"], ct);
            var answer = await exchange.NextAnswerAsync(ct);

            Assert.True(answer.Status == 413, $"{answer.Head}\n{answer.Body}");
            Assert.Contains("\"code\":\"chunk_too_large\"", answer.Body, StringComparison.Ordinal);
            Assert.Contains($"Content-Length is {claimed} bytes", answer.Body, StringComparison.Ordinal);
            Assert.Contains($"max_chunk_size ({MaxChunkSize} bytes)", answer.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("max request body size", answer.Body, StringComparison.Ordinal);
            Assert.Equal("close", answer.Header("Connection"));
            await ExpectNothingStoredAsync(port, folder);
        });
    }

    [Fact]
    public async Task A_chunk_within_the_limit_with_expect_100_continue_gets_100_then_200()
    {
        await WithServerAsync(async (port, folder, ct) =>
        {
            var file = SourceFile.Random(1000, 1000);
            using var content = file.Request(0).ToContent();
            var body = await content.ReadAsByteArrayAsync(ct);
            using var socket = await LoopbackSockets.ConnectFromAsync(IPAddress.Loopback, port);
            var exchange = new RawExchange(socket);

            await exchange.SendHeadAsync(
                port, [$"Content-Type: {content.Headers.ContentType}", $"Content-Length: {body.Length}", "Expect: 100-continue"], ct);
            var interim = await exchange.NextAnswerAsync(ct);
            await exchange.SendAsync(body, ct);
            var answer = await exchange.NextAnswerAsync(ct);

            Assert.StartsWith("HTTP/1.1 100 Continue", interim.Head, StringComparison.Ordinal);
            Assert.True(answer.Status == 200, $"{answer.Head}\n{answer.Body}");
            Assert.Contains("\"status\":\"ok\"", answer.Body, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_chunked_body_whose_chunk_goes_past_max_chunk_size_gets_413_in_the_contracts_words()
    {
        await WithServerAsync(async (port, folder, ct) =>
        {
            // Without a Content-Length nothing can be refused on the headers: the chunk part is cut as it passes
            // max_chunk_size (the multipart reader's own caps keep every other part far below the body limit).
            var file = SourceFile.Random((int)MaxChunkSize + (512 * 1024), (int)MaxChunkSize + (512 * 1024));
            using var content = file.Request(0).ToContent();
            var body = await content.ReadAsByteArrayAsync(ct);
            using var socket = await LoopbackSockets.ConnectFromAsync(IPAddress.Loopback, port);
            var exchange = new RawExchange(socket);

            await exchange.SendHeadAsync(port, [$"Content-Type: {content.Headers.ContentType}", "Transfer-Encoding: chunked"], ct);
            var answering = exchange.NextAnswerAsync(ct);
            foreach (var piece in RawUpload.Pieces(body, 64 * 1024))
            {
                if (answering.IsCompleted)
                {
                    break;
                }

                await SendChunkedAsync(exchange, piece, ct);
                await Task.WhenAny(answering, Task.Delay(5, ct));
            }

            var answer = await answering;

            Assert.True(answer.Status == 413, $"{answer.Head}\n{answer.Body}");
            Assert.Contains("\"code\":\"chunk_too_large\"", answer.Body, StringComparison.Ordinal);
            Assert.Contains($"max_chunk_size ({MaxChunkSize} bytes)", answer.Body, StringComparison.Ordinal);
            await ExpectNothingStoredAsync(port, folder);
        });
    }

    private static async Task SendChunkedAsync(RawExchange exchange, ReadOnlyMemory<byte> piece, CancellationToken ct)
    {
        try
        {
            await exchange.SendAsync(Encoding.ASCII.GetBytes(piece.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"), ct);
            await exchange.SendAsync(piece, ct);
            await exchange.SendAsync("\r\n"u8.ToArray(), ct);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // The server answered and closed while the body was still coming: the answer is what counts.
        }
    }

    private static async Task ExpectNothingStoredAsync(int port, TempFolder folder)
    {
        using var api = UploaderApi.ForProcess(new Uri($"http://127.0.0.1:{port}/"), TimeSpan.FromSeconds(30));
        var tasks = await api.Http.GetAsync(new Uri("go-uploader/tasks", UriKind.Relative)).ExpectOkAsync();
        Assert.Equal(0, tasks.Number("total"));
        var upload = folder.Combine("upload");
        var files = Directory.Exists(upload) ? Directory.GetFiles(upload, "*", SearchOption.AllDirectories) : [];
        Assert.Empty(files);
    }

    private static async Task WithServerAsync(Func<int, TempFolder, CancellationToken, Task> steps)
    {
        using var server = await ProcessServer.StartAsync(config => config["max_chunk_size"] = MaxChunkSize);
        await server.ExplainFailuresAsync(async () =>
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await steps(server.Port, server.Folder, bound.Token);
        });
    }
}
