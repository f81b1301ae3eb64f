namespace Uploader.Api.Auth;

/// <summary>The authentication failure of a request whose address is locked out after too many wrong keys.</summary>
public sealed class KeyLockoutException(TimeSpan retryAfter)
    : Exception("Too many wrong API keys from this address; wait for Retry-After seconds.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>Whole seconds, rounded up so a client that waits them is no longer locked out.</summary>
    public long RetryAfterSeconds => Math.Max(1, (long)Math.Ceiling(RetryAfter.TotalSeconds));
}
