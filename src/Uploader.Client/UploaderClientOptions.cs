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

    /// <summary>
    /// Longest the connection to the server may take to open (TCP and TLS), so a server that is down but drops packets
    /// instead of refusing fails an attempt quickly. Applied by <see cref="UploaderClientServiceCollectionExtensions.AddUploaderClient"/>
    /// and by <see cref="CreateHttpClient"/>; an HttpClient built by hand has its handler's own.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest a single attempt (request and answer) may take before it is abandoned and retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>An HttpClient for <see cref="UploaderClient"/>: no overall timeout (each attempt has its own) and <see cref="ConnectTimeout"/>.</summary>
    public HttpClient CreateHttpClient() => new(CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    internal SocketsHttpHandler CreateHandler() => new() { ConnectTimeout = ConnectTimeout };
}
