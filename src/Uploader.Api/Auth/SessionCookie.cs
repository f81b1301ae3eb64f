using Uploader.Api.Contracts;
using Uploader.Application.Auth;

namespace Uploader.Api.Auth;

/// <summary>
/// The web session's cookie: the session id and nothing else (never the key). HttpOnly so no script reads it,
/// SameSite=Strict so other sites' requests do not carry it, Path=/go-uploader so it goes to the API only, and Secure
/// when the request came over HTTPS: the scheme the trusted proxy saw, through X-Forwarded-Proto (TrustedProxies).
/// </summary>
public static class SessionCookie
{
    public const string Name = "uploader_session";

    public static string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Cookies.TryGetValue(Name, out var id) && id.Length > 0 ? id : null;
    }

    public static void Set(HttpResponse response, string id, WebSession session)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(session);
        response.Cookies.Append(Name, id, Options(response.HttpContext.Request, session.ExpiresAt));
    }

    /// <summary>Clears the cookie: the same attributes, so the browser matches it, and an expiry in the past.</summary>
    public static void Clear(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(Name, Options(response.HttpContext.Request, DateTimeOffset.UnixEpoch));
    }

    private static CookieOptions Options(HttpRequest request, DateTimeOffset expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Path = BasePath.Absolute,
        Secure = request.IsHttps,
        Expires = expires,
        IsEssential = true,
    };
}
