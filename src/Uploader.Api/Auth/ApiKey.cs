using System.Security.Cryptography;
using System.Text;

namespace Uploader.Api.Auth;

/// <summary>The server's API key. Compared through SHA-256 digests so the time taken says nothing about the key.</summary>
public sealed class ApiKey(string value)
{
    /// <summary>Shorter keys can be guessed within the lockout's limits; 16 bytes is also where config keys start.</summary>
    public const int MinBytes = 16;

    private readonly byte[] _digest = SHA256.HashData(Encoding.UTF8.GetBytes(value));

    /// <summary>
    /// Why <paramref name="value"/> cannot be the server's key, or null when it can. Whitespace around a key
    /// is refused too: HTTP strips it from a header, so such a key could never be presented as it is.
    /// </summary>
    public static string? Weakness(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes < MinBytes)
        {
            return $"is {bytes} bytes long; a key needs at least {MinBytes} bytes of UTF-8";
        }

        if (value.Any(char.IsControl))
        {
            return "contains a control character";
        }

        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return "starts or ends with whitespace";
        }

        return null;
    }

    public bool Matches(string? candidate) =>
        candidate is not null
        && CryptographicOperations.FixedTimeEquals(_digest, SHA256.HashData(Encoding.UTF8.GetBytes(candidate)));

    public override string ToString() => "***";
}
