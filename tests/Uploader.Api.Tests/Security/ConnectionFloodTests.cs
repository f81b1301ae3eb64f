using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace Uploader.Api.Tests;

/// <summary>
/// Security review item 1: idle TCP connections that send nothing must not exhaust the server's files and memory.
/// The server runs as a process (Kestrel's connection limits do not exist in TestServer); the flood comes from
/// 127.0.0.2, the probes from 127.0.0.1 and 127.0.0.3, so the per-client cap can tell them apart.
/// </summary>
[Collection(ServerProcessGroup.Name)]
public sealed class ConnectionFloodTests(ITestOutputHelper output)
{
    private const string Live = "/go-uploader/health/live";
    private static readonly TimeSpan WaitBound = TimeSpan.FromSeconds(30);
    private static readonly IPAddress Flooder = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Other = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task An_idle_flood_from_one_address_is_capped_per_client_and_the_server_keeps_answering()
    {
        await RunAsync(
            config =>
            {
                config["max_concurrent_connections"] = 500;
                config["max_connections_per_client"] = 100;
            },
            async (server, port) =>
            {
                var before = server.ResidentKiB();
                var flood = await LoopbackSockets.FloodAsync(Flooder, port, 2000);
                try
                {
                    // The server keeps 100 of the flooder's connections and closes every one past them.
                    await WaitUntilAsync(() => flood.Count(LoopbackSockets.ClosedByServer) >= 1900, "the server to close the connections past the per-client cap");
                    Assert.Equal(100, flood.Count(s => !LoopbackSockets.ClosedByServer(s)));

                    Assert.StartsWith("HTTP/1.1 200", await LoopbackSockets.GetStatusLineAsync(IPAddress.Loopback, port, Live), StringComparison.Ordinal);
                    Assert.False(server.HasExited);
                    output.WriteLine($"RSS before {before} KiB, during the flood {server.ResidentKiB()} KiB");
                }
                finally
                {
                    LoopbackSockets.CloseAll(flood);
                }

                // 400 connections of another client, 50 at a time, are each answered: the flood's places were freed.
                var answered = 0;
                for (var batch = 0; batch < 8; batch++)
                {
                    var lines = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => LoopbackSockets.GetStatusLineAsync(Other, port, Live)));
                    answered += lines.Count(l => l.StartsWith("HTTP/1.1 200", StringComparison.Ordinal));
                }

                Assert.Equal(400, answered);
                Assert.False(server.HasExited);
                output.WriteLine($"RSS after the flood closed and 400 probes {server.ResidentKiB()} KiB");
            });
    }

    [Fact]
    public async Task A_flood_that_fills_the_global_limit_is_dropped_after_the_keep_alive_timeout()
    {
        await RunAsync(
            config =>
            {
                config["max_concurrent_connections"] = 500;
                config["max_connections_per_client"] = 0;
                config["keep_alive_timeout"] = 2;
            },
            async (server, port) =>
            {
                var before = server.ResidentKiB();
                var flood = await LoopbackSockets.FloodAsync(Flooder, port, 600);
                try
                {
                    var during = server.ResidentKiB();

                    // Idle connections that never send a request are closed by the server itself once the keep-alive
                    // timeout is over, without the client closing them.
                    await WaitUntilAsync(() => flood.TrueForAll(LoopbackSockets.ClosedByServer), "the server to drop every idle connection");
                    Assert.False(server.HasExited);
                    Assert.StartsWith("HTTP/1.1 200", await LoopbackSockets.GetStatusLineAsync(IPAddress.Loopback, port, Live), StringComparison.Ordinal);
                    output.WriteLine($"RSS before {before} KiB, during the flood {during} KiB, after it was dropped {server.ResidentKiB()} KiB");
                }
                finally
                {
                    LoopbackSockets.CloseAll(flood);
                }
            });
    }

    private static async Task RunAsync(Action<System.Text.Json.Nodes.JsonObject> configure, Func<ServerProcess, int, Task> steps)
    {
        using var server = await ProcessServer.StartAsync(configure);
        await server.ExplainFailuresAsync(async () =>
        {
            await steps(server.Process, server.Port);
        });
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

            await Task.Delay(100);
        }
    }
}
