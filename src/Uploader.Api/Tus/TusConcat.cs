using Uploader.Api.Problems;
using Uploader.Application.Tus.Queries.GetTusUpload;
using Uploader.Domain.Tus;

namespace Uploader.Api.Tus;

/// <summary>The concatenation extension's Upload-Concat header: <c>partial</c>, or <c>final;</c> and the partial uploads' URLs.</summary>
internal static class TusConcat
{
    private const string Partial = "partial";
    private const string Final = "final;";

    /// <summary>What a creation asks for: a partial upload, a final one of these upload ids, or neither.</summary>
    /// <exception cref="MalformedRequestException">Another value, or a URL that is not one of this server's uploads.</exception>
    public static (bool Partial, IReadOnlyList<string>? FinalOf) Parse(HttpRequest request)
    {
        var value = request.Headers[TusHeaders.UploadConcat].ToString().Trim();
        if (value.Length == 0)
        {
            return (false, null);
        }

        if (value == Partial)
        {
            return (true, null);
        }

        if (!value.StartsWith(Final, StringComparison.Ordinal))
        {
            throw Malformed($"{TusHeaders.UploadConcat} is '{Partial}' or '{Final}' followed by the partial uploads' URLs, not '{value}'.");
        }

        var urls = value[Final.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (urls.Length == 0)
        {
            throw Malformed($"{TusHeaders.UploadConcat}: {Final} names no partial upload.");
        }

        return (false, urls.Select(url => TusLocation.IdIn(url) ?? throw Malformed($"'{url}' is not an upload of this server ({TusLocation.Prefix}…).")).ToList());
    }

    /// <summary>The header HEAD answers with, or null for an upload that is neither part nor whole of a concatenation.</summary>
    public static string? Of(TusUploadView upload) => upload.Concatenation switch
    {
        TusConcatenation.Partial => Partial,
        TusConcatenation.Final => Final + string.Join(' ', upload.Parts.Select(TusLocation.Of)),
        _ => null,
    };

    private static MalformedRequestException Malformed(string message) => new(TusHeaders.UploadConcat, message);
}
