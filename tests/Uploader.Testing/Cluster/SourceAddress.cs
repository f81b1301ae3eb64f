using System.Net;
using System.Net.Sockets;

namespace Uploader.Testing;

/// <summary>
/// HTTP connections opened from a chosen loopback address (Linux lets a socket bind any 127.x.y.z), so that one
/// machine can be several clients to a proxy that tells clients apart by address.
/// </summary>
public static class SourceAddress
{
    public static SocketsHttpHandler Handler(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }
}
