using System.Net;
using Microsoft.AspNetCore.Connections;
using Uploader.Api.Auth;

namespace Uploader.Api.Connections;

/// <summary>
/// Kestrel connection middleware: one client address (IPv6 by its /64, as <see cref="ClientAddress"/> counts) holds
/// at most max_connections_per_client open connections; a connection past that is closed before a byte is read, so
/// one address cannot take every place of max_concurrent_connections. Behind a proxy every client is the proxy.
/// </summary>
internal sealed partial class ConnectionsPerClient(int limit, ILogger logger)
{
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var client = ClientAddress.Of((connection.RemoteEndPoint as IPEndPoint)?.Address);
        if (!TryOpen(client))
        {
            // Returning without calling next closes the connection; logged at debug so a flood cannot flood the log.
            LogRefused(logger, client, limit);
            return;
        }

        try
        {
            await next(connection);
        }
        finally
        {
            Close(client);
        }
    }

    private bool TryOpen(string client)
    {
        lock (_open)
        {
            var open = _open.GetValueOrDefault(client);
            if (open >= limit)
            {
                return false;
            }

            _open[client] = open + 1;
            return true;
        }
    }

    private void Close(string client)
    {
        lock (_open)
        {
            if (--_open[client] == 0)
            {
                _open.Remove(client);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connection from {Client} closed: it already holds {Limit} connections (max_connections_per_client)")]
    private static partial void LogRefused(ILogger logger, string client, int limit);
}
