using Polly.Timeout;

namespace Uploader.Client;

/// <summary>Which failures are worth another attempt: no answer, a late answer, or an answer that says "later".</summary>
internal static class TransientFaults
{
    public static bool IsRetryable(Exception? exception) => exception switch
    {
        UploaderApiException api => !api.IsFinal && IsRetryableStatus(api.StatusCode),
        _ => IsNoAnswer(exception),
    };

    public static bool IsRetryableStatus(int status) => status is 408 or 429 or >= 500;

    /// <summary>The connection failed or broke, or the attempt ran out of time, before an answer was read.</summary>
    public static bool IsNoAnswer(Exception? exception) => exception switch
    {
        HttpRequestException http => !IsLocalFileFault(http.InnerException),
        IOException io => !IsLocalFileFault(io),
        TimeoutRejectedException => true,

        // HttpClient.Timeout: a cancellation that the caller did not ask for.
        TaskCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    /// <summary>
    /// Reading the chunk from disk failed while the request was sent (HttpClient wraps it like a network fault), or
    /// writing a download to disk failed: another attempt meets the same file and fails the same way.
    /// </summary>
    private static bool IsLocalFileFault(Exception? exception) => exception switch
    {
        null => false,
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or InvalidDataException or LocalFileWriteException => true,
        _ => IsLocalFileFault(exception.InnerException),
    };
}
