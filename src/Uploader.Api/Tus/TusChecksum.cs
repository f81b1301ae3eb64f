using System.Security.Cryptography;
using Uploader.Api.Problems;

namespace Uploader.Api.Tus;

/// <summary>Upload-Checksum: an algorithm and the base64 digest the PATCH's body must have.</summary>
public sealed record TusChecksum(HashAlgorithmName Algorithm, string Digest)
{
    /// <summary>The algorithms OPTIONS offers (Tus-Checksum-Algorithm), by their tus names.</summary>
    public const string Supported = "md5,sha1,sha256";

    /// <returns>Null without the header.</returns>
    /// <exception cref="MalformedRequestException">An unsupported algorithm or a value that is not base64.</exception>
    public static TusChecksum? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var parts = header.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var algorithm = parts.Length == 2 ? AlgorithmNamed(parts[0]) : null;
        if (algorithm is null)
        {
            throw new MalformedRequestException(
                TusHeaders.UploadChecksum, $"{TusHeaders.UploadChecksum} must be '<algorithm> <base64 digest>' with one of {Supported}.");
        }

        Span<byte> digest = stackalloc byte[64];
        if (!Convert.TryFromBase64String(parts[1], digest, out _))
        {
            throw new MalformedRequestException(TusHeaders.UploadChecksum, $"The digest of {TusHeaders.UploadChecksum} is not base64.");
        }

        return new TusChecksum(algorithm.Value, parts[1]);
    }

    public IncrementalHash NewHash() => IncrementalHash.CreateHash(Algorithm);

    private static HashAlgorithmName? AlgorithmNamed(string name) => name.ToLowerInvariant() switch
    {
        // md5 and sha1 are what tus clients send to detect corruption in transit, not for security.
        "md5" => HashAlgorithmName.MD5,
        "sha1" => HashAlgorithmName.SHA1,
        "sha256" => HashAlgorithmName.SHA256,
        _ => null,
    };
}
