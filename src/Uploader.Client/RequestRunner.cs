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
        retries.ExecuteAsync(token => AttemptAsync(createRequest, acceptError, isFinal, token), cancellationToken);

    private async ValueTask<WireAnswer> AttemptAsync(
        Func<HttpRequestMessage> createRequest, Func<int, bool> acceptError, Func<int, bool> isFinal, CancellationToken cancellationToken)
    {
        using var request = createRequest();
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Add("X-Secret-Key", apiKey);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode && !acceptError(status))
        {
            var problem = await ProblemReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            problem.IsFinal = isFinal(status);
            throw problem;
        }

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
}
