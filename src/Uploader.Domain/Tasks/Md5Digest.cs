namespace Uploader.Domain.Tasks;

/// <summary>
/// The one comparison of md5 digests. Clients send the 32 hex digits in either case (go-uploader's clients send
/// upper case as often as lower), and the server computes lower case, so two digests are the same whatever their case.
/// </summary>
public static class Md5Digest
{
    public static bool Same(string? first, string? second) => string.Equals(first, second, StringComparison.OrdinalIgnoreCase);
}
