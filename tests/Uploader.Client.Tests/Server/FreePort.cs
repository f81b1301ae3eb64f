using System.Net;
using System.Net.Sockets;

namespace Uploader.Client.Tests.Server;

/// <summary>A loopback port nothing listens on right now (the server reads its port from config.json, so 0 will not do).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
