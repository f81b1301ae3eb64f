using System.Net;
using System.Net.Sockets;

namespace Uploader.Api.Auth;

/// <summary>
/// Who a request comes from, for counting wrong keys and upload slots: the remote address, which is the client's
/// from X-Forwarded-For when a trusted proxy forwarded the request (<see cref="TrustedProxies"/>), else the connection's.
/// </summary>
public static class ClientAddress
{
    public const string Unknown = "unknown";

    /// <summary>
    /// An IPv4 address as it is; an IPv6 address by its /64 prefix, the block one host or subscriber is usually
    /// given: counting single IPv6 addresses would let one client try keys from 2^64 "addresses".
    /// </summary>
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            // In-process test servers and Unix sockets have no remote IP; they share one counter.
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
