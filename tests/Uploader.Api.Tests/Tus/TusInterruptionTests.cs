using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Uploader.Api.Tests;

/// <summary>
/// A PATCH cut off by the client or by a crash of the server, against the built server process: what the server read
/// stays (up to the last whole chunk after a crash), Upload-Offset never claims a byte that is not stored, and the client
/// continues from there to the right file.
/// </summary>
public sealed class TusInterruptionTests
{
    private const int ChunkSize = 64 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_patch_whose_client_goes_away_keeps_every_byte_the_server_read()
    {
        using var server = await ProcessServer.StartAsync(config => config["max_chunk_size"] = ChunkSize);
        await server.ExplainFailuresAsync(async () =>
        {
            using var api = server.Api(Timeout);
            var bytes = RandomNumberGenerator.GetBytes(500_000);
            var upload = await api.Http.CreateAsync(bytes.Length, TusCalls.Metadata(("filename", "cut-off.bin")));

            // 70 % of the body, then the client's side of the connection closes before Content-Length is reached.
            const int Sent = 350_000;
            using (var socket = await SendPartOfPatchAsync(server.Port, upload, bytes, Sent))
            {
                await WaitForOffsetAsync(api, upload, o => o >= 5 * ChunkSize);
                await WaitUntilReceivingAsync(server);
                socket.Shutdown(SocketShutdown.Send);
            }

            await WaitForOffsetAsync(api, upload, o => o == Sent);
            await Task.Delay(300);
            Assert.Equal(Sent, await api.Http.OffsetAsync(upload));

            using var rest = await api.Http.PatchAsync(upload, Sent, bytes[Sent..]);
            Assert.Equal(204, (int)rest.StatusCode);
            Assert.Equal(Md5Hex.Of(bytes), await CompletedMd5Async(api, upload));
        });
    }

    [Fact]
    public async Task After_a_kill_mid_patch_the_offset_is_what_is_on_disk_and_the_upload_continues_from_it()
    {
        using var server = await ProcessServer.StartAsync(config => config["max_chunk_size"] = ChunkSize);
        var bytes = RandomNumberGenerator.GetBytes(600_000);
        string upload;
        using (var api = server.Api(Timeout))
        {
            upload = await api.Http.CreateAsync(bytes.Length, TusCalls.Metadata(("filename", "killed.bin")));
            using var socket = await SendPartOfPatchAsync(server.Port, upload, bytes, 400_000);
            await WaitForOffsetAsync(api, upload, o => o >= 4 * ChunkSize);
            server.Process.KillAtOnce();
        }

        using var again = await server.StartAgainAsync();
        await again.ExplainFailuresAsync(async () =>
        {
            using var api = server.Api(Timeout);
            var offset = await api.Http.OffsetAsync(upload);
            Assert.InRange(offset, 4 * ChunkSize, 400_000);

            // The bytes up to the offset are the file's: continuing from it gives the file's md5.
            using var rest = await api.Http.PatchAsync(upload, offset, bytes[(int)offset..]);
            Assert.Equal(204, (int)rest.StatusCode);
            Assert.Equal(Md5Hex.Of(bytes), await CompletedMd5Async(api, upload));
        });
    }

    /// <summary>A PATCH of the whole rest of the file whose body stops after <paramref name="sent"/> bytes, connection left open.</summary>
    private static async Task<Socket> SendPartOfPatchAsync(int port, string upload, byte[] bytes, int sent)
    {
        var socket = await LoopbackSockets.ConnectFromAsync(IPAddress.Loopback, port);
        var head = $"PATCH /{upload} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Secret-Key: {UploaderFactory.SecretKey}\r\n" +
            $"Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n" +
            $"Content-Length: {bytes.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));
        await socket.SendAsync(bytes.AsMemory(0, sent));
        return socket;
    }

    /// <summary>
    /// Waits until the server receives the next chunk: it opens the chunk's staging file (a <c>.part</c> under
    /// upload_dir) right before its first read, and that read finds the bytes sent already. Kestrel drops the bytes it
    /// has buffered but not handed over yet when the client's end closes ("Unexpected end of request content"), so a
    /// cut while the server still records the chunk before keeps only what it had read (docs/tus.md): cut there, this
    /// PATCH kept 327,680 of its 350,000 bytes.
    /// </summary>
    private static async Task WaitUntilReceivingAsync(ProcessServer server)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!Directory.EnumerateFiles(server.Folder.Path, "*.part", SearchOption.AllDirectories).Any())
        {
            Assert.True(DateTime.UtcNow < deadline, "the server opened no staging file for the next chunk");
            await Task.Delay(20);
        }
    }

    private static async Task WaitForOffsetAsync(UploaderApi api, string upload, Func<long, bool> reached)
    {
        var deadline = DateTime.UtcNow + Timeout;
        long offset;
        while (!reached(offset = await api.Http.OffsetAsync(upload)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"offset stayed at {offset}");
            await Task.Delay(20);
        }
    }

    private static async Task<string?> CompletedMd5Async(UploaderApi api, string upload)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var task = await api.Http.GetAsync(new Uri($"go-uploader/tasks/{TusCalls.IdOf(upload)}", UriKind.Relative)).ExpectOkAsync();
            if (task.Str("status") == "completed")
            {
                return task.Str("md5");
            }

            Assert.True(DateTime.UtcNow < deadline, $"status {task.Str("status")}");
            await Task.Delay(50);
        }
    }
}
