using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Uploader.Api.Tests;

/// <summary>
/// A client's text in the server log cannot forge a line or send terminal escapes: the request path,
/// with a CR LF, a fake WRN line and an ESC sequence, against a real server process in both log formats.
/// </summary>
public sealed class LogForgingTests
{
    private const string ForgedLine = "[20:03:00 WRN] Client 10.9.9.9";
    private const string RequestTarget =
        "/go-uploader/x%0d%0a[20:03:00%20WRN]%20Client%2010.9.9.9%20sent%2010%20wrong%20API%20keys%1b[2J%0a%e2%80%a8end";

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public async Task Forged_request_path_shows_neither_a_forged_line_nor_a_raw_escape(string format)
    {
        using var running = await ProcessServer.StartAsync(c =>
        {
            c["log_level"] = "info";
            c["log_format"] = format;
        });
        var (server, port) = (running.Process, running.Port);

        await server.ExplainFailuresAsync(async () =>
        {
            var status = await SendRawAsync(port, RequestTarget);
            Assert.StartsWith("HTTP/1.1 404", status, StringComparison.Ordinal);
            await WaitForOutputAsync(server, "10.9.9.9");

            var lines = StdoutLines(server.Output);
            Assert.DoesNotContain(lines, line => line.StartsWith(ForgedLine, StringComparison.Ordinal));
            Assert.DoesNotContain('\u001b', server.Output);
            Assert.DoesNotContain('\u2028', server.Output);
            var logged = Assert.Single(lines, line => line.Contains("10.9.9.9", StringComparison.Ordinal));
            if (format == "json")
            {
                Assert.All(lines, line => JsonDocument.Parse(line).Dispose());
                using var document = JsonDocument.Parse(logged);
                Assert.Equal(RequestTarget, document.RootElement.GetProperty("RequestPath").GetString());
            }
            else
            {
                // The path as the client sent it, still percent-encoded.
                Assert.Contains(RequestTarget + " responded 404", logged, StringComparison.Ordinal);
            }
        });
    }

    /// <summary>The request as bytes on a socket: no client library re-encodes or refuses the target.</summary>
    private static async Task<string> SendRawAsync(int port, string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        await using var stream = tcp.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync() ?? string.Empty;
    }

    private static async Task WaitForOutputAsync(ServerProcess server, string text)
    {
        var waited = Stopwatch.StartNew();
        while (!server.Output.Contains(text, StringComparison.Ordinal) && waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(100);
        }

        Assert.Contains(text, server.Output, StringComparison.Ordinal);
    }

    private static List<string> StdoutLines(string output) =>
        output.Split('\n')
            .Where(line => line.StartsWith("out: ", StringComparison.Ordinal))
            .Select(line => line["out: ".Length..].TrimEnd('\r'))
            .ToList();
}
