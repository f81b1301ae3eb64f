using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Uploader.Api.Tests;

/// <summary>
/// Raw TCP clients of a server process on 127.0.0.1, each bound to a chosen loopback source address so that one
/// test can play several client addresses (Linux answers every 127.0.0.0/8 address on the loopback device).
/// </summary>
internal static class LoopbackSockets
{
    /// <summary>How many connects are in flight at once: below the server's listen backlog.</summary>
    private const int ConnectBatch = 64;

    public static async Task<Socket> ConnectFromAsync(IPAddress source, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), bound.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="count"/> idle connections that send nothing.</summary>
    public static async Task<List<Socket>> FloodAsync(IPAddress source, int port, int count)
    {
        var sockets = new List<Socket>(count);
        try
        {
            while (sockets.Count < count)
            {
                var batch = Enumerable.Range(0, Math.Min(ConnectBatch, count - sockets.Count)).Select(_ => ConnectFromAsync(source, port));
                sockets.AddRange(await Task.WhenAll(batch));
            }

            return sockets;
        }
        catch
        {
            CloseAll(sockets);
            throw;
        }
    }

    /// <summary>True when the server closed (or reset) the connection: readable with nothing to read.</summary>
    public static bool ClosedByServer(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    /// <summary>Sends one GET with Connection: close and returns the status line, or an empty string when refused.</summary>
    public static async Task<string> GetStatusLineAsync(IPAddress source, int port, string path)
    {
        using var socket = await ConnectFromAsync(source, port);
        var request = $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n";
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, bound.Token);
            var answer = await ReadToCloseAsync(socket, bound.Token);
            return answer.Split("\r\n", 2)[0];
        }
        catch (SocketException)
        {
            return string.Empty;
        }
    }

    /// <summary>Reads until the server closes the connection; a reset ends the read like a close.</summary>
    public static async Task<string> ReadToCloseAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // Reset by the server: what arrived before it is the answer.
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    public static void CloseAll(IEnumerable<Socket> sockets)
    {
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
    }
}
