using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Uploader.Api.Problems;

namespace Uploader.Api.Auth;

/// <summary>
/// Accepts `X-Secret-Key: key` or `Authorization: Bearer key`; answers 401 as problem+json, or 429 while the
/// client's address is locked out for sending too many wrong keys or the global budget of wrong keys is spent
/// (see <see cref="FailedKeyAttempts"/>). Only spaces and tabs around the key are not part of it, as in HTTP.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKey key,
    FailedKeyAttempts failures,
    ProblemWriter problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Secret-Key";
    private const string BearerPrefix = "Bearer ";
    private static readonly char[] HttpWhitespace = [' ', '\t'];

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented();
        if (presented is null || !KeyRequirement.AppliesTo(Context))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Checked before the key is compared: during a lockout even the right key gets no confirmation.
        var address = ClientAddress.Of(Context.Connection.RemoteIpAddress);
        if (failures.LockedFor(address) is { } remaining)
        {
            return Task.FromResult(AuthenticateResult.Fail(KeyLockoutException.ForAddress(remaining)));
        }

        if (failures.BudgetSpentFor(address) is { } budgetBack)
        {
            return Task.FromResult(AuthenticateResult.Fail(KeyLockoutException.ForEveryone(budgetBack)));
        }

        if (!key.Matches(presented))
        {
            if (failures.RecordFailure(address, out var spentBudget))
            {
                LogLockedOut(Logger, address, FailedKeyAttempts.MaxFailures, FailedKeyAttempts.Window.TotalSeconds, FailedKeyAttempts.Lockout.TotalSeconds);
            }

            if (spentBudget)
            {
                LogBudgetSpent(Logger, FailedKeyAttempts.GlobalBudget, FailedKeyAttempts.Window.TotalSeconds, FailedKeyAttempts.KnownGoodFor.TotalHours);
            }

            return Task.FromResult(AuthenticateResult.Fail("The API key is wrong."));
        }

        failures.RecordSuccess(address);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if ((await HandleAuthenticateOnceSafeAsync()).Failure is KeyLockoutException lockedOut)
        {
            Response.Headers.RetryAfter = lockedOut.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await problems.WriteAsync(Context, ErrorCodes.TooManyRequests, lockedOut.Message);
            return;
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = Presented() is null
            ? $"Send the API key as '{HeaderName}: <key>' or 'Authorization: Bearer <key>'."
            : "The API key is wrong.";
        await problems.WriteAsync(Context, ErrorCodes.Unauthorized, detail);
    }

    /// <summary>The key the request states, or null for none: an empty key is no key, not a wrong one.</summary>
    private string? Presented()
    {
        var header = Request.Headers[HeaderName].ToString().Trim(HttpWhitespace);
        if (header.Length > 0)
        {
            return header;
        }

        var authorization = Request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization[BearerPrefix.Length..].Trim(HttpWhitespace)
            : string.Empty;
        return bearer.Length > 0 ? bearer : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client {Address} sent {Failures} wrong API keys within {WindowSeconds} s; requests from it with a key are refused for {LockoutSeconds} s")]
    private static partial void LogLockedOut(ILogger logger, string address, int failures, double windowSeconds, double lockoutSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failures} wrong API keys from all addresses within {WindowSeconds} s; until that time is over, keys from addresses without a right key in the last {KnownGoodHours} h are refused")]
    private static partial void LogBudgetSpent(ILogger logger, int failures, double windowSeconds, double knownGoodHours);
}
