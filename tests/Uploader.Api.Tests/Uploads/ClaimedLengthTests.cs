using System.Text;

namespace Uploader.Api.Tests;

/// <summary>
/// The chunk's time budget comes from the Content-Length a client claims, before Kestrel has checked it against the
/// body limit: a claim far above any chunk must still get the contract's 413, never an overflow turned into 500.
/// </summary>
[Collection(ServerProcessGroup.Name)]
public sealed class ClaimedLengthTests
{
    [Theory]
    [InlineData(200_000_000_000L)]
    [InlineData(long.MaxValue)]
    public async Task A_content_length_far_above_the_chunk_limit_is_413_chunk_too_large(long claimed)
    {
        using var server = await ProcessServer.StartAsync();
        var port = server.Port;
        await server.ExplainFailuresAsync(async () =>
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var socket = await LoopbackSockets.ConnectFromAsync(System.Net.IPAddress.Loopback, port);
            ReadOnlyMemory<byte> start = Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"file_id\"\r\n\r\nx\r\n");

            var answer = await RawUpload.SendAsync(socket, port, "multipart/form-data; boundary=b", claimed, [start], TimeSpan.Zero, bound.Token);

            Assert.True(answer.Status == 413, $"{answer.Status}: {answer.Body}");
            Assert.Contains("chunk_too_large", answer.Body, StringComparison.Ordinal);
        });
    }
}
