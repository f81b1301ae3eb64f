using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Uploader.Api.Problems;

namespace Uploader.Api.Auth;

/// <summary>Accepts `X-Secret-Key: key` or `Authorization: Bearer key`; answers 401 as problem+json.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKey key,
    ProblemWriter problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Secret-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented();
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!key.Matches(presented))
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is wrong."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = Presented() is null
            ? $"Send the API key as '{HeaderName}: <key>' or 'Authorization: Bearer <key>'."
            : "The API key is wrong.";
        return problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, detail);
    }

    private string? Presented()
    {
        if (Request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrEmpty(header))
        {
            return header.ToString();
        }

        var authorization = Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
    }
}
