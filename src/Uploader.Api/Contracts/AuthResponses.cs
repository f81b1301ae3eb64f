namespace Uploader.Api.Contracts;

/// <summary>The body of POST /go-uploader/auth/login, as go-uploader's page sends it.</summary>
/// <param name="SecretKey">The API key.</param>
public sealed record LoginRequest(string? SecretKey);

/// <summary>A successful login: go-uploader's fields, and the session cookie set beside them.</summary>
/// <param name="Success">Always true here.</param>
/// <param name="Code">The HTTP status, as go-uploader answers it.</param>
/// <param name="Message">What happened, for people.</param>
/// <param name="AuthToken">The session id, also in the cookie; the only time the server shows it.</param>
/// <param name="ExpiresAt">When the session ends (session_hours after the login), UTC.</param>
public sealed record LoginResponse(bool Success, int Code, string Message, string AuthToken, DateTime ExpiresAt);

/// <summary>A successful logout, or a successful check with auth_enabled.</summary>
/// <param name="Success">Always true here.</param>
/// <param name="Code">The HTTP status, as go-uploader answers it.</param>
/// <param name="Message">What happened, for people.</param>
public sealed record LogoutResponse(bool Success, int Code, string Message);

/// <summary>The answer of GET /go-uploader/auth/check when the request is authenticated (or auth is off).</summary>
/// <param name="Success">Always true here.</param>
/// <param name="Code">The HTTP status, as go-uploader answers it.</param>
/// <param name="Message">What happened, for people.</param>
/// <param name="AuthEnabled">Whether the server requires the key or a session (enable_auth).</param>
public sealed record AuthCheckResponse(bool Success, int Code, string Message, bool AuthEnabled);
