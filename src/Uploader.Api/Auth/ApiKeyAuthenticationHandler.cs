using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Uploader.Api.Problems;
using Uploader.Application.Auth;

namespace Uploader.Api.Auth;

/// <summary>
/// Accepts `X-Secret-Key: key` or `Authorization: Bearer key`, or else the web session's cookie; answers 401 as
/// problem+json, 429 while the client's address is locked out for sending too many wrong keys or the global budget of
/// wrong keys is spent (<see cref="KeyCheck"/>), and 403 forbidden_origin for a cross-origin state-changing request
/// that only the cookie authenticates (<see cref="SameOrigin"/>). Only spaces and tabs around the key are not part of it.
/// </summary>
/// <remarks>
/// A key, when present, decides alone: a request with a key is no CSRF risk (a browser never adds it by itself), so
/// it may come from anywhere. A session id that is unknown or expired is no wrong key: it is 256 random bits, not
/// guessable, and a browser keeps sending an old cookie until its user logs in again.
/// </remarks>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    KeyCheck keys,
    WebSessions sessions,
    ProblemWriter problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Secret-Key";
    private const string BearerPrefix = "Bearer ";
    private static readonly char[] HttpWhitespace = [' ', '\t'];

    /// <summary>The key the request states, or null for none: an empty key is no key, not a wrong one.</summary>
    public static string? Presented(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderName].ToString().Trim(HttpWhitespace);
        if (header.Length > 0)
        {
            return header;
        }

        var authorization = request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization[BearerPrefix.Length..].Trim(HttpWhitespace)
            : string.Empty;
        return bearer.Length > 0 ? bearer : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!KeyRequirement.AppliesTo(Context))
        {
            return AuthenticateResult.NoResult();
        }

        if (Presented(Request) is { } presented)
        {
            return await keys.FailureAsync(Context, presented) is { } failure
                ? AuthenticateResult.Fail(failure)
                : Authenticated("api-key");
        }

        if (SessionCookie.Read(Request) is not { } sessionId)
        {
            return AuthenticateResult.NoResult();
        }

        if (await sessions.FindValidAsync(sessionId, Context.RequestAborted) is null)
        {
            return AuthenticateResult.Fail("The session is unknown or expired; log in again.");
        }

        return SameOrigin.Allows(Request) ? Authenticated("web-session") : AuthenticateResult.Fail(new CrossOriginRefusedException());
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        var answer = Context.GetEndpoint()?.Metadata.GetMetadata<AnswersLikeGoUploaderAttribute>();
        if (failure is KeyLockoutException lockedOut)
        {
            Response.Headers.RetryAfter = lockedOut.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await problems.WriteAsync(Context, ErrorCodes.TooManyRequests, lockedOut.Message, answer?.Fields(429, lockedOut.Message));
            return;
        }

        if (failure is CrossOriginRefusedException crossOrigin)
        {
            await problems.WriteAsync(Context, ErrorCodes.ForbiddenOrigin, crossOrigin.Message, answer?.Fields(403, crossOrigin.Message));
            return;
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = failure?.Message
            ?? $"Send the API key as '{HeaderName}: <key>' or 'Authorization: Bearer <key>', or log in for a session cookie.";
        await problems.WriteAsync(Context, ErrorCodes.Unauthorized, detail, answer?.Fields(401, detail));
    }

    private static AuthenticateResult Authenticated(string name)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
