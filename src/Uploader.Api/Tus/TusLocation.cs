using Uploader.Api.Contracts;

namespace Uploader.Api.Tus;

/// <summary>An upload's URL (Location, Upload-Concat), made and read in this one place.</summary>
internal static class TusLocation
{
    public const string Prefix = BasePath.Absolute + "/tus/";

    public static string Of(string uploadId) => Prefix + uploadId;

    /// <summary>
    /// The upload id in a URL this server handed out: absolute (any host, since a proxy may stand in front) or a path.
    /// </summary>
    /// <returns>Null for anything else.</returns>
    public static string? IdIn(string url)
    {
        var path = Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute.AbsolutePath
            : url;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var id = path[Prefix.Length..];
        return id.Length > 0 && !id.Contains('/', StringComparison.Ordinal) ? id : null;
    }
}
