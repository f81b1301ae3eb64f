using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Uploader.Api.Tests;

/// <summary>The auth routes as calls, the session cookie as its Set-Cookie header says, and go-uploader's answer fields.</summary>
internal static class SessionCalls
{
    public const string CookieName = "uploader_session";

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string key) =>
        client.PostAsJsonAsync(new Uri("go-uploader/auth/login", UriKind.Relative), new Dictionary<string, string> { ["secret_key"] = key });

    /// <summary>Logs in with the tests' key and returns the session id from the answer, checked against its cookie.</summary>
    public static async Task<string> SessionIdAsync(HttpClient client)
    {
        using var login = await LoginAsync(client, UploaderFactory.SecretKey);
        var body = await ExpectAnswerAsync(login, 200);
        var id = body.Str("auth_token")!;
        Assert.Equal(id, SessionCookie(login).Value.ToString());
        return id;
    }

    /// <summary>The answer's Set-Cookie of the session cookie; fails when there is none.</summary>
    public static SetCookieHeaderValue SessionCookie(HttpResponseMessage response)
    {
        var headers = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        var cookies = SetCookieHeaderValue.ParseList(headers);
        return cookies.SingleOrDefault(c => c.Name == CookieName)
            ?? throw new Xunit.Sdk.XunitException($"no {CookieName} cookie in [{string.Join(" | ", headers)}]");
    }

    /// <summary>A request that carries only the session cookie (and the headers given), no key.</summary>
    public static HttpRequestMessage WithSession(HttpMethod method, string path, string sessionId, string? origin = null, string? fetchSite = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", $"{CookieName}={sessionId}");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        return request;
    }

    /// <summary>
    /// go-uploader's fields with <paramref name="status"/> as `code`; a refusal is application/problem+json with this
    /// API's problem fields besides (its machine code in `type`, since go-uploader's `code` is the status).
    /// </summary>
    public static async Task<JsonElement> ExpectAnswerAsync(HttpResponseMessage response, int status, string? problemCode = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        var body = document.RootElement.Clone();
        Assert.Equal(status == 200, body.GetProperty("success").GetBoolean());
        Assert.Equal(status, body.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.Str("message")), text);
        if (status == 200)
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            return body;
        }

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"urn:uploader:error:{problemCode}", body.Str("type"));
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.Equal(body.Str("detail"), body.Str("error"));
        Assert.Equal(body.Str("detail"), body.Str("message"));
        Assert.True(body.Has("title") && body.Has("trace_id"), text);
        return body;
    }
}
