using System.Security.Cryptography;
using System.Text;

namespace Uploader.Api.Auth;

/// <summary>The server's API key. Compared through SHA-256 digests so the time taken says nothing about the key.</summary>
public sealed class ApiKey(string value)
{
    private readonly byte[] _digest = SHA256.HashData(Encoding.UTF8.GetBytes(value));

    public bool Matches(string? candidate) =>
        candidate is not null
        && CryptographicOperations.FixedTimeEquals(_digest, SHA256.HashData(Encoding.UTF8.GetBytes(candidate)));

    public override string ToString() => "***";
}
