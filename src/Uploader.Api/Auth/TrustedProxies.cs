using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Uploader.Api.Auth;

/// <summary>
/// trusted_proxies: the only peers whose X-Forwarded-For and X-Forwarded-Proto are believed. From them the client's
/// address and scheme replace the connection's for everything after the forwarded-headers middleware: the key
/// lockout, the per-client upload share, the request log and the session cookie's Secure flag. ASP.NET's defaults
/// (loopback trusted) are cleared, so with the default empty list nothing is believed, whoever sends the headers.
/// </summary>
public static class TrustedProxies
{
    /// <summary>An address (a network of one) or a CIDR network; null with the reason when it is neither.</summary>
    public static IPNetwork? Parse(string entry, out string reason)
    {
        ArgumentNullException.ThrowIfNull(entry);
        reason = string.Empty;
        var text = entry.Trim();
        if (IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal))
        {
            return new IPNetwork(address, FullLength(address));
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && IPAddress.TryParse(text[..slash], out var start)
            && int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            && prefix <= FullLength(start))
        {
            var network = new IPNetwork(Masked(start, prefix), prefix);
            if (network.BaseAddress.Equals(start))
            {
                return network;
            }

            // Bits past the prefix are a typo or a misunderstanding either way: say which network was probably meant.
            reason = $"has bits set after its /{prefix} prefix; the network is {network}";
            return null;
        }

        reason = "is neither an IP address nor a CIDR network (\"10.0.0.0/8\", \"127.0.0.1\", \"fd00::/8\")";
        return null;
    }

    /// <summary>How an entry is shown in /system: an address alone without its full-length prefix.</summary>
    public static string Format(IPNetwork network) =>
        network.PrefixLength == FullLength(network.BaseAddress) ? network.BaseAddress.ToString() : network.ToString();

    /// <summary>The forwarded-headers middleware's options for <paramref name="entries"/> (already checked by the settings).</summary>
    public static void Configure(ForwardedHeadersOptions options, IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
            | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();

        // Each trusted hop is unwrapped, from the nearest, until a hop that is not trusted: that one is the client.
        options.ForwardLimit = null;
        foreach (var entry in entries)
        {
            options.KnownIPNetworks.Add(Parse(entry, out var reason) ?? throw new ArgumentException($"'{entry}' {reason}", nameof(entries)));
        }
    }

    private static int FullLength(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;

    private static IPAddress Masked(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
