using System.Text.Json;

namespace Uploader.Client;

/// <summary>Sends a request built anew for each attempt through the retry pipeline and reads its JSON answer.</summary>
internal sealed class RequestRunner(HttpClient http, string? apiKey, RetryPipeline retries)
{
    public Task<WireAnswer> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken) =>
        SendAsync(createRequest, static _ => false, cancellationToken);

    /// <param name="acceptError">Error statuses that are an answer rather than a failure (health's 503).</param>
    public Task<WireAnswer> SendAsync(Func<HttpRequestMessage> createRequest, Func<int, bool> acceptError, CancellationToken cancellationToken) =>
        SendAsync(createRequest, acceptError, static _ => false, cancellationToken);

    /// <param name="acceptError">Error statuses that are an answer rather than a failure (health's 503).</param>
    /// <param name="isFinal">Error statuses that end the retries although they are usually transient.</param>
    public Task<WireAnswer> SendAsync(
        Func<HttpRequestMessage> createRequest, Func<int, bool> acceptError, Func<int, bool> isFinal, CancellationToken cancellationToken) =>
        SendAsync(createRequest, acceptError, isFinal, onRetry: null, cancellationToken);

    /// <param name="onRetry">Hears of each retry before its wait (an upload shows "reconnecting" with it).</param>
    public Task<WireAnswer> SendAsync(
        Func<HttpRequestMessage> createRequest, Func<int, bool> acceptError, Func<int, bool> isFinal, Action<RetryNotice>? onRetry, CancellationToken cancellationToken) =>
        retries.ExecuteAsync(token => AttemptAsync(createRequest, acceptError, isFinal, token), onRetry, cancellationToken);

    /// <summary>
    /// Sends a request whose answer is not JSON (a download): <paramref name="read"/> gets each accepted answer
    /// within the attempt, so a body that breaks off is retried like a failed connection.
    /// </summary>
    public Task<T> SendStreamingAsync<T>(
        Func<HttpRequestMessage> createRequest, Func<int, bool> acceptError, Func<HttpResponseMessage, CancellationToken, Task<T>> read,
        Action<RetryNotice>? onRetry, CancellationToken cancellationToken) =>
        retries.ExecuteAsync(
            async token =>
            {
                using var request = createRequest();
                using var response = await SendAsync(request, acceptError, static _ => false, token).ConfigureAwait(false);
                return await read(response, token).ConfigureAwait(false);
            },
            onRetry,
            cancellationToken);

    private async ValueTask<WireAnswer> AttemptAsync(
        Func<HttpRequestMessage> createRequest, Func<int, bool> acceptError, Func<int, bool> isFinal, CancellationToken cancellationToken)
    {
        using var request = createRequest();
        using var response = await SendAsync(request, acceptError, isFinal, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            if (response.Content.Headers.ContentLength == 0)
            {
                return new WireAnswer(status, default);
            }

            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new WireAnswer(status, document.RootElement.Clone());
        }
    }

    /// <summary>Sends with the key; an error status the caller does not accept is thrown as the server's problem.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, Func<int, bool> acceptError, Func<int, bool> isFinal, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Add("X-Secret-Key", apiKey);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode || acceptError(status))
        {
            return response;
        }

        using (response)
        {
            var problem = await ProblemReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            problem.IsFinal = isFinal(status);
            throw problem;
        }
    }
}
