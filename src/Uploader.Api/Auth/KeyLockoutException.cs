namespace Uploader.Api.Auth;

/// <summary>
/// The authentication failure of a request refused before its key is compared: its address is locked out after
/// too many wrong keys, or the global budget of wrong keys is spent and the address has no recent success.
/// </summary>
public sealed class KeyLockoutException : Exception
{
    private KeyLockoutException(TimeSpan retryAfter, string message)
        : base(message) => RetryAfter = retryAfter;

    public TimeSpan RetryAfter { get; }

    /// <summary>Whole seconds, rounded up so a client that waits them is no longer locked out.</summary>
    public long RetryAfterSeconds => Math.Max(1, (long)Math.Ceiling(RetryAfter.TotalSeconds));

    public static KeyLockoutException ForAddress(TimeSpan retryAfter) =>
        new(retryAfter, "Too many wrong API keys from this address; wait for Retry-After seconds.");

    public static KeyLockoutException ForEveryone(TimeSpan retryAfter) =>
        new(retryAfter, "Too many wrong API keys from all addresses; keys from addresses without a recent success are refused for Retry-After seconds.");
}
