using Uploader.Application.Auth;

namespace Uploader.Api.Auth;

/// <summary>
/// Compares a presented key under the lockout (<see cref="KeyLockout"/>): refused uncompared while the client's
/// address is locked out or the global budget is spent, counted when wrong. The one path every key takes, whether in
/// a header (the authentication handler) or in a login body (auth/login).
/// </summary>
public sealed partial class KeyCheck(ApiKey key, KeyLockout lockout, ILogger<KeyCheck> logger)
{
    /// <summary>Null when <paramref name="presented"/> is the key; otherwise the failure to answer with.</summary>
    public async Task<Exception?> FailureAsync(HttpContext context, string presented)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = ClientAddress.Of(context.Connection.RemoteIpAddress);
        var gate = await lockout.BeforeCompareAsync(address, context.RequestAborted);
        switch (gate.Refusal)
        {
            case KeyRefusal.AddressLockedOut:
                return KeyLockoutException.ForAddress(gate.RetryAfter);
            case KeyRefusal.BudgetSpent:
                return KeyLockoutException.ForEveryone(gate.RetryAfter);
        }

        if (!key.Matches(presented))
        {
            var failure = await lockout.FailedAsync(address, context.RequestAborted);
            if (failure.LockedOut)
            {
                LogLockedOut(address, KeyLockoutRules.MaxFailures, KeyLockoutRules.Window.TotalSeconds, KeyLockoutRules.Lockout.TotalSeconds);
            }

            if (failure.SpentBudget)
            {
                LogBudgetSpent(KeyLockoutRules.GlobalBudget, KeyLockoutRules.Window.TotalSeconds, KeyLockoutRules.KnownGoodFor.TotalHours);
            }

            return new WrongKeyException();
        }

        await lockout.SucceededAsync(address, gate, context.RequestAborted);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client {Address} sent {Failures} wrong API keys within {WindowSeconds} s; requests from it with a key are refused for {LockoutSeconds} s")]
    private partial void LogLockedOut(string address, int failures, double windowSeconds, double lockoutSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failures} wrong API keys from all addresses within {WindowSeconds} s; until that time is over, keys from addresses without a right key in the last {KnownGoodHours} h are refused")]
    private partial void LogBudgetSpent(int failures, double windowSeconds, double knownGoodHours);
}
