using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Net.Http.Headers;

namespace Uploader.Api.Tests;

/// <summary>
/// go-uploader's login over the in-process server: the three auth routes' fields, the cookie's attributes, the cookie
/// on the API's routes and the same-origin rule for state-changing requests it alone authenticates.
/// </summary>
public sealed class WebSessionTests : IDisposable
{
    private const string OwnOrigin = "http://localhost";
    private const string OtherOrigin = "https://elsewhere.example";
    private readonly UploaderFactory _server = new();
    private readonly HttpClient _client;

    public WebSessionTests() => _client = _server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Login_answers_go_uploaders_fields_and_sets_a_strict_http_only_cookie_that_holds_the_session_id_only()
    {
        using var login = await SessionCalls.LoginAsync(_client, UploaderFactory.SecretKey);

        var body = await SessionCalls.ExpectAnswerAsync(login, 200);
        var cookie = SessionCalls.SessionCookie(login);
        var id = body.Str("auth_token")!;
        Assert.Equal(id, cookie.Value.ToString());
        Assert.Equal(43, id.Length);
        Assert.DoesNotContain(UploaderFactory.SecretKey, login.Headers.GetValues("Set-Cookie").Single(), StringComparison.Ordinal);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Strict, cookie.SameSite);
        Assert.Equal("/go-uploader", cookie.Path.ToString());
        Assert.False(cookie.Secure, "the request came over plain HTTP");
        Assert.True(login.Headers.CacheControl?.NoStore, "an answer that holds a session id is kept out of caches");
        var expiresAt = DateTimeOffset.Parse(body.Str("expires_at")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(11.9), TimeSpan.FromHours(12));
        Assert.Equal(expiresAt.ToUnixTimeSeconds(), cookie.Expires!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Two_logins_get_different_sessions()
    {
        Assert.NotEqual(await SessionCalls.SessionIdAsync(_client), await SessionCalls.SessionIdAsync(_client));
    }

    [Fact]
    public async Task Wrong_key_login_is_401_with_both_sets_of_fields_no_cookie_and_counts_toward_the_lockout()
    {
        for (var i = 0; i < 10; i++)
        {
            using var wrong = await SessionCalls.LoginAsync(_client, $"wrong-key-{i}");
            await SessionCalls.ExpectAnswerAsync(wrong, 401, "unauthorized");
            Assert.False(wrong.Headers.Contains("Set-Cookie"));
        }

        using var locked = await SessionCalls.LoginAsync(_client, UploaderFactory.SecretKey);
        await SessionCalls.ExpectAnswerAsync(locked, 429, "too_many_requests");
        Assert.NotNull(locked.Headers.RetryAfter?.Delta);
        using var api = _server.CreateApi();
        await api.StatusAsync("no-such-task").ExpectProblemAsync(429, "too_many_requests");
    }

    [Fact]
    public async Task Login_without_a_key_is_400_and_not_counted()
    {
        using var empty = await SessionCalls.LoginAsync(_client, string.Empty);

        var body = await SessionCalls.ExpectAnswerAsync(empty, 400, "validation_failed");
        Assert.True(body.GetProperty("errors").Has("secret_key"));
    }

    [Fact]
    public async Task Check_is_200_with_the_cookie_or_the_key_and_401_with_go_uploaders_fields_otherwise()
    {
        var id = await SessionCalls.SessionIdAsync(_client);

        using (var withCookie = await _client.SendAsync(SessionCalls.WithSession(HttpMethod.Get, "go-uploader/auth/check", id)))
        {
            Assert.True((await SessionCalls.ExpectAnswerAsync(withCookie, 200)).GetProperty("auth_enabled").GetBoolean());
        }

        using (var api = _server.CreateApi())
        using (var withKey = await api.Http.GetAsync(new Uri("go-uploader/auth/check", UriKind.Relative)))
        {
            Assert.True((await SessionCalls.ExpectAnswerAsync(withKey, 200)).GetProperty("auth_enabled").GetBoolean());
        }

        using var neither = await _client.GetAsync(new Uri("go-uploader/auth/check", UriKind.Relative));
        Assert.True((await SessionCalls.ExpectAnswerAsync(neither, 401, "unauthorized")).GetProperty("auth_enabled").GetBoolean());

        using var unknown = await _client.SendAsync(SessionCalls.WithSession(HttpMethod.Get, "go-uploader/auth/check", new string('A', 43)));
        await SessionCalls.ExpectAnswerAsync(unknown, 401, "unauthorized");
    }

    [Fact]
    public async Task With_auth_off_check_is_200_and_says_auth_is_off()
    {
        using var open = UploaderFactory.With(config => config["enable_auth"] = false);
        using var client = open.CreateClient();

        using var check = await client.GetAsync(new Uri("go-uploader/auth/check", UriKind.Relative));

        Assert.False((await SessionCalls.ExpectAnswerAsync(check, 200)).GetProperty("auth_enabled").GetBoolean());
    }

    [Fact]
    public async Task The_cookie_authenticates_the_task_routes_and_a_same_origin_upload()
    {
        var id = await SessionCalls.SessionIdAsync(_client);
        var file = SourceFile.Random(10, 10);

        using (var list = await _client.SendAsync(SessionCalls.WithSession(HttpMethod.Get, "go-uploader/tasks", id)))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        using var upload = SessionCalls.WithSession(HttpMethod.Post, "go-uploader/upload_chunk", id, origin: OwnOrigin);
        upload.Content = file.Request(0).ToContent();
        await _client.SendAsync(upload).ExpectOkAsync();
        using var status = SessionCalls.WithSession(HttpMethod.Get, $"go-uploader/upload_status?file_id={file.FileId}", id);
        var uploaded = (await _client.SendAsync(status).ExpectOkAsync()).Ints("uploaded_chunks");
        Assert.Equal([0], uploaded);
    }

    [Theory]
    [InlineData(OtherOrigin, null)]
    [InlineData("null", null)]
    [InlineData(null, "cross-site")]
    [InlineData(null, "same-site")]
    [InlineData(OwnOrigin, "cross-site")]
    [InlineData(null, null)]
    public async Task A_state_changing_request_with_only_the_cookie_from_another_origin_is_403_forbidden_origin(string? origin, string? fetchSite)
    {
        var id = await SessionCalls.SessionIdAsync(_client);

        await _client.SendAsync(SessionCalls.WithSession(HttpMethod.Post, "go-uploader/tasks/no-such-task/pause", id, origin, fetchSite))
            .ExpectProblemAsync(403, "forbidden_origin");
    }

    [Theory]
    [InlineData(OwnOrigin, null)]
    [InlineData(null, "same-origin")]
    [InlineData(OtherOrigin, "same-origin")]
    public async Task A_state_changing_request_with_only_the_cookie_from_the_own_origin_is_let_through(string? origin, string? fetchSite)
    {
        var id = await SessionCalls.SessionIdAsync(_client);

        await _client.SendAsync(SessionCalls.WithSession(HttpMethod.Post, "go-uploader/tasks/no-such-task/pause", id, origin, fetchSite))
            .ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task The_key_with_the_cookie_from_another_origin_is_accepted_since_no_browser_adds_the_key()
    {
        var id = await SessionCalls.SessionIdAsync(_client);
        using var request = SessionCalls.WithSession(HttpMethod.Post, "go-uploader/tasks/no-such-task/pause", id, OtherOrigin, "cross-site");
        request.Headers.Add("X-Secret-Key", UploaderFactory.SecretKey);

        await _client.SendAsync(request).ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task Logout_deletes_the_session_and_clears_the_cookie()
    {
        var id = await SessionCalls.SessionIdAsync(_client);

        using (var logout = await _client.SendAsync(SessionCalls.WithSession(HttpMethod.Post, "go-uploader/auth/logout", id)))
        {
            await SessionCalls.ExpectAnswerAsync(logout, 200);
            var cleared = SessionCalls.SessionCookie(logout);
            Assert.Equal(string.Empty, cleared.Value.ToString());
            Assert.True(cleared.Expires < DateTimeOffset.UtcNow);
            Assert.Equal("/go-uploader", cleared.Path.ToString());
        }

        using var check = await _client.SendAsync(SessionCalls.WithSession(HttpMethod.Get, "go-uploader/auth/check", id));
        await SessionCalls.ExpectAnswerAsync(check, 401, "unauthorized");
    }

    [Fact]
    public async Task A_session_expires_after_session_hours()
    {
        using var server = new FakeClockServer(config => config["session_hours"] = 2);
        using var client = server.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var id = await SessionCalls.SessionIdAsync(client);

        server.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        using (var valid = await client.SendAsync(SessionCalls.WithSession(HttpMethod.Get, "go-uploader/tasks", id)))
        {
            Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        }

        server.Clock.Advance(TimeSpan.FromSeconds(1));
        await client.SendAsync(SessionCalls.WithSession(HttpMethod.Get, "go-uploader/tasks", id)).ExpectProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task The_sweep_deletes_expired_sessions()
    {
        using var server = new FakeClockServer(config => config["session_hours"] = 1);
        using var client = server.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        await SessionCalls.SessionIdAsync(client);
        await SessionCalls.SessionIdAsync(client);

        server.Clock.Advance(TimeSpan.FromHours(1));
        var report = await server.Sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(2, report.Auth!.Sessions);
    }
}
