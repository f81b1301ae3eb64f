namespace Uploader.Client;

/// <summary>
/// Where the server is and how hard to try. Bindable from configuration (for example the section
/// <c>Uploader</c> with <c>BaseAddress</c>, <c>ApiKey</c>, <c>RetryMaxAttempts</c>, <c>RetryInitialDelay</c>).
/// </summary>
public sealed class UploaderClientOptions
{
    /// <summary>Server root, e.g. <c>http://localhost:18101</c>; the client adds the base path <c>/go-uploader</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Sent as <c>X-Secret-Key</c> when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Retries after the first attempt (0 turns retrying off); the server's <c>retry_max_attempts</c> default.</summary>
    public int RetryMaxAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry; doubles for each further one, with jitter.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest a single attempt (request and answer) may take before it is abandoned and retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
