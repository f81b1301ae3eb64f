namespace Uploader.Api.Auth;

/// <summary>
/// Whether a request authenticated by the session cookie alone may change state. A browser sends the cookie with
/// requests other sites make it send (forms, fetch), so a state-changing request must show it comes from this
/// server's own origin: Sec-Fetch-Site: same-origin, or (from browsers without it) an Origin equal to the request's
/// own scheme and host. With neither header it is refused: every browser that sends cookies sends one of them.
/// </summary>
public static class SameOrigin
{
    public static bool Allows(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return true;
        }

        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            return string.Equals(fetchSite, "same-origin", StringComparison.OrdinalIgnoreCase);
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0
            && string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
    }
}
