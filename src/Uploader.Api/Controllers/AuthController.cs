using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Uploader.Api.Auth;
using Uploader.Api.Configuration;
using Uploader.Api.Contracts;
using Uploader.Api.OpenApi;
using Uploader.Api.Problems;
using Uploader.Application.Auth;

namespace Uploader.Api.Controllers;

/// <summary>
/// go-uploader's web login: the key in a body once, then a session cookie. The answers carry go-uploader's fields
/// (`success`, `code` as the HTTP status, `message`), its refusals this API's problem fields too.
/// </summary>
[ApiController]
[Route(BasePath.Segment + "/auth")]
[Produces("application/json")]
[AnswersLikeGoUploader]
public sealed class AuthController(KeyCheck keys, WebSessions sessions, UploaderSettings settings, ProblemWriter problems) : ControllerBase
{
    /// <summary>Checks the key and starts a web session: its id is the answer's auth_token and the cookie's value.</summary>
    /// <remarks>
    /// A wrong key counts toward the lockout like one in a header (401); a locked-out address gets 429 with
    /// Retry-After. The cookie is HttpOnly, SameSite=Strict, Path=/go-uploader, Secure over HTTPS, and lasts
    /// session_hours; the server stores only a hash of the id.
    /// </remarks>
    [HttpPost("login")]
    [AllowAnonymous]
    [Consumes("application/json")]
    [ProducesResponseType<LoginResponse>(StatusCodes.Status200OK)]
    [ProducesErrors(ErrorCodes.ValidationFailed, ErrorCodes.Unauthorized, ErrorCodes.TooManyRequests)]
    public async Task<IActionResult> Login([FromBody] LoginRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = new AnswersLikeGoUploaderAttribute();
        if (string.IsNullOrEmpty(request.SecretKey))
        {
            const string Missing = "Send the key as {\"secret_key\": \"<key>\"}.";
            var fields = new Dictionary<string, object?>(answer.Fields(400, Missing))
            {
                ["errors"] = new Dictionary<string, string[]> { ["secret_key"] = ["secret_key is required."] },
            };
            return problems.Result(HttpContext, ErrorCodes.ValidationFailed, Missing, fields);
        }

        if (settings.EnableAuth && await keys.FailureAsync(HttpContext, request.SecretKey) is { } failure)
        {
            if (failure is KeyLockoutException lockedOut)
            {
                Response.Headers.RetryAfter = lockedOut.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return problems.Result(HttpContext, ErrorCodes.TooManyRequests, lockedOut.Message, answer.Fields(429, lockedOut.Message));
            }

            return problems.Result(HttpContext, ErrorCodes.Unauthorized, failure.Message, answer.Fields(401, failure.Message));
        }

        var (id, session) = await sessions.StartAsync(cancellationToken);
        SessionCookie.Set(Response, id, session);
        return Ok(new LoginResponse(true, StatusCodes.Status200OK, "Logged in.", id, session.ExpiresAt.UtcDateTime));
    }

    /// <summary>Ends the session the cookie names (its row is deleted) and clears the cookie.</summary>
    /// <remarks>Without a cookie, or with one of an ended session, it answers the same: the session is over either way.</remarks>
    [HttpPost("logout")]
    [AllowAnonymous]
    [ProducesResponseType<LogoutResponse>(StatusCodes.Status200OK)]
    public async Task<LogoutResponse> Logout(CancellationToken cancellationToken)
    {
        if (SessionCookie.Read(Request) is { } id)
        {
            await sessions.EndAsync(id, cancellationToken);
        }

        SessionCookie.Clear(Response);
        return new LogoutResponse(true, StatusCodes.Status200OK, "Logged out.");
    }

    /// <summary>Whether the request is authenticated, by the key or a session; auth_enabled says whether it has to be.</summary>
    /// <remarks>With enable_auth off it always answers 200 with auth_enabled false; otherwise 401 without a valid key or session.</remarks>
    [HttpGet("check")]
    [AnswersLikeGoUploader(WithAuthEnabled = true)]
    [ProducesResponseType<AuthCheckResponse>(StatusCodes.Status200OK)]
    [ProducesErrors(ErrorCodes.Unauthorized, ErrorCodes.TooManyRequests)]
    public AuthCheckResponse Check() => settings.EnableAuth
        ? new AuthCheckResponse(true, StatusCodes.Status200OK, "Authenticated.", AuthEnabled: true)
        : new AuthCheckResponse(true, StatusCodes.Status200OK, "Authentication is off (enable_auth false).", AuthEnabled: false);
}
