using System.Net;
using System.Text.Json;

namespace Uploader.Api.Tests;

/// <summary>Reads an answer and asserts its shape: a 200 JSON body, or a contract problem+json with its code.</summary>
public static class ResponseAssertions
{
    public static async Task<JsonElement> ExpectOkAsync(this Task<HttpResponseMessage> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return Parse(body);
    }

    /// <summary>
    /// Asserts the contract's error answer: the status, application/problem+json, the stable <paramref name="code"/>,
    /// the same status in the body and `error` repeating `detail`.
    /// </summary>
    public static async Task<JsonElement> ExpectProblemAsync(this Task<HttpResponseMessage> request, int status, string code)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = Parse(body);
        Assert.Equal(code, problem.Str("code"));
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        var detail = problem.Str("detail");
        Assert.False(string.IsNullOrWhiteSpace(detail), body);
        Assert.Equal(detail, problem.Str("error"));
        return problem;
    }

    /// <summary>A 400 validation_failed whose `errors` object names <paramref name="field"/>.</summary>
    public static async Task<JsonElement> ExpectInvalidFieldAsync(this Task<HttpResponseMessage> request, string field)
    {
        var problem = await request.ExpectProblemAsync(400, "validation_failed");
        Assert.True(
            problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var messages)
                && messages.GetArrayLength() > 0,
            $"expected errors.{field} in {problem}");
        return problem;
    }

    private static JsonElement Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
