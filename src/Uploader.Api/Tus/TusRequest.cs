using System.Globalization;
using Uploader.Api.Problems;

namespace Uploader.Api.Tus;

/// <summary>The tus request headers, parsed or refused (400 validation_failed naming the header).</summary>
internal static class TusRequest
{
    /// <summary>A non-negative integer header; null when absent.</summary>
    public static long? Number(HttpRequest request, string header)
    {
        var text = request.Headers[header].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new MalformedRequestException(header, $"{header} must be a non-negative integer, not '{text}'.");
    }

    public static long RequiredNumber(HttpRequest request, string header) =>
        Number(request, header) ?? throw new MalformedRequestException(header, $"{header} is required.");

    /// <summary>A creation's Upload-Length, or null with Upload-Defer-Length: 1 (one of the two is required).</summary>
    public static long? Length(HttpRequest request)
    {
        var deferred = request.Headers[TusHeaders.UploadDeferLength].ToString();
        var length = Number(request, TusHeaders.UploadLength);
        return (deferred, length) switch
        {
            ("", { } known) => known,
            ("1", null) => null,
            ("", null) => throw new MalformedRequestException(
                TusHeaders.UploadLength, $"{TusHeaders.UploadLength} or {TusHeaders.UploadDeferLength}: 1 is required."),
            _ => throw new MalformedRequestException(
                TusHeaders.UploadDeferLength, $"{TusHeaders.UploadDeferLength} takes only 1, and not beside {TusHeaders.UploadLength}."),
        };
    }

    /// <summary>Whether the request carries bytes for the upload: a body typed application/offset+octet-stream.</summary>
    /// <exception cref="WrongContentTypeException">A body of another type.</exception>
    public static bool CarriesBytes(HttpRequest request, bool required)
    {
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (string.Equals(request.ContentType, TusHeaders.OffsetContentType, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (required || hasBody)
        {
            throw new WrongContentTypeException(request.ContentType);
        }

        return false;
    }
}

/// <summary>A tus body of another type than application/offset+octet-stream (415).</summary>
internal sealed class WrongContentTypeException(string? contentType)
    : Exception($"The body must be {TusHeaders.OffsetContentType}, not {(string.IsNullOrEmpty(contentType) ? "untyped" : contentType)}.");
