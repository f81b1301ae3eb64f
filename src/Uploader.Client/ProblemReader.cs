using System.Net.Http.Headers;
using System.Text.Json;

namespace Uploader.Client;

/// <summary>Turns an error answer into an <see cref="UploaderApiException"/>, problem+json or not.</summary>
internal static class ProblemReader
{
    public static async Task<UploaderApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfterOf(response.Headers.RetryAfter);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (TryParseObject(body) is { } problem)
        {
            var code = Text(problem, "code") ?? $"http_{status}";
            var detail = Text(problem, "detail") ?? Text(problem, "error") ?? Text(problem, "title");
            return new UploaderApiException(status, code, detail, retryAfter, problem);
        }

        // A proxy's HTML page or Kestrel's plain answer: the status is all there is to go on.
        var text = body.Length > 500 ? body[..500] : body;
        return new UploaderApiException(status, $"http_{status}", string.IsNullOrWhiteSpace(text) ? response.ReasonPhrase : text.Trim(), retryAfter);
    }

    public static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static JsonElement? TryParseObject(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
