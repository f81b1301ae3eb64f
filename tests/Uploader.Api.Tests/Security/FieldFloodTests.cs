using System.Text;
using Xunit.Abstractions;

namespace Uploader.Api.Tests;

/// <summary>
/// Security review item 6 as the reviewer ran it, against the built server: bodies of 12,500 unknown
/// 8,000-character fields (100 MB each) are answered 400 after the 64 KiB metadata cap, long before their end.
/// </summary>
[Collection(ServerProcessGroup.Name)]
public sealed class FieldFloodTests(ITestOutputHelper output)
{
    /// <summary>The reviewer's bodies against the built server: 12,500 unknown 8,000-character fields, five times.</summary>
    [Fact]
    public async Task Bodies_of_thousands_of_large_unknown_fields_are_refused_before_they_are_read()
    {
        using var server = await ProcessServer.StartAsync(config => config["max_chunk_size"] = 100 * 1024 * 1024);
        var port = server.Port;
        await server.ExplainFailuresAsync(async () =>
        {
            var before = server.Process.ResidentKiB();
            for (var body = 0; body < 5; body++)
            {
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                using var socket = await LoopbackSockets.ConnectFromAsync(System.Net.IPAddress.Loopback, port);
                var answer = await RawUpload.SendAsync(
                    socket, port, $"multipart/form-data; boundary={Boundary}", ManyFieldsLength, ManyFields(), TimeSpan.Zero, bound.Token);
                Assert.Equal(400, answer.Status);
                Assert.Contains("validation_failed", answer.Body, StringComparison.Ordinal);
                Assert.True(answer.Body.Contains("65536 bytes", StringComparison.Ordinal), answer.Body);
                Assert.True(answer.AnsweredEarly, $"the server read all {answer.ContentLength} bytes before answering");
                output.WriteLine($"body {body}: answered after {answer.BytesSent} of {answer.ContentLength} bytes");
            }

            output.WriteLine($"server RSS before {before} KiB, after 5 bodies {server.Process.ResidentKiB()} KiB");
            Assert.False(server.Process.HasExited);
        });
    }

    private const string Boundary = "review-item-6-boundary";
    private const int FieldCount = 12_500;
    private const int FieldLength = 8_000;
    private static readonly byte[] FieldValue = Encoding.ASCII.GetBytes(new string('a', FieldLength) + "\r\n");
    private static readonly byte[] Closing = Encoding.ASCII.GetBytes($"--{Boundary}--\r\n");

    private static long ManyFieldsLength =>
        Enumerable.Range(0, FieldCount).Sum(i => (long)FieldHead(i).Length + FieldValue.Length) + Closing.Length;

    private static byte[] FieldHead(int index) =>
        Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"unknown_{index:D5}\"\r\n\r\n");

    private static IEnumerable<ReadOnlyMemory<byte>> ManyFields()
    {
        for (var i = 0; i < FieldCount; i++)
        {
            yield return FieldHead(i);
            yield return FieldValue;
        }

        yield return Closing;
    }
}
