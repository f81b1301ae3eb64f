using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Uploader.Api.Tests;

/// <summary>
/// Health requests that the client resets while the checks run leave no `.uploader-health-*.probe` file
/// behind in upload_dir or merged_dir: a real server process, real sockets closed with RST.
/// </summary>
public sealed class HealthProbeFileTests
{
    private const int Requests = 3000;
    private const int Parallel = 8;

    [Fact]
    public async Task Thousands_of_reset_health_requests_leave_no_probe_file()
    {
        using var server = await ProcessServer.StartAsync();
        var (folder, port) = (server.Folder, server.Port);

        await server.ExplainFailuresAsync(async () =>
        {
            var next = 0;
            await Task.WhenAll(Enumerable.Range(0, Parallel).Select(async _ =>
            {
                int claimed;
                while ((claimed = Interlocked.Increment(ref next)) <= Requests)
                {
                    await SendAndResetAsync(port, claimed % 2 == 0 ? "/go-uploader/health" : "/go-uploader/health/ready");
                }
            }));

            // Checks of reset requests may still be finishing; their cleanup must not depend on the client.
            var leftovers = ProbeFiles(folder);
            var waited = Stopwatch.StartNew();
            while (leftovers.Length > 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(100);
                leftovers = ProbeFiles(folder);
            }

            Assert.True(leftovers.Length == 0, $"{leftovers.Length} probe files left after {Requests} reset health requests");
            Assert.False(server.Process.HasExited);
        });
    }

    private static string[] ProbeFiles(TempFolder folder) =>
    [
        .. Directory.GetFiles(folder.Combine("upload"), ".uploader-health-*"),
        .. Directory.GetFiles(folder.Combine("merged"), ".uploader-health-*"),
    ];

    /// <summary>Sends the request and closes the socket at once with linger 0, so the server sees a reset.</summary>
    private static async Task SendAndResetAsync(int port, string path)
    {
        using var tcp = new TcpClient { LingerState = new LingerOption(true, 0), NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port);
        var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        await tcp.Client.SendAsync(request, SocketFlags.None);
        tcp.Client.Close();
    }
}
