using System.Text.Json.Nodes;

namespace Uploader.Api.Tests;

/// <summary>
/// Sessions and wrong-key counters live in the task store: they survive a restart and are shared by server
/// processes on one database, as instances behind a load balancer are. Forwarded headers count only from trusted_proxies.
/// </summary>
[Collection(ServerProcessGroup.Name)]
public sealed class SharedAuthStateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_session_survives_a_restart()
    {
        using var server = await ProcessServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout };
        var id = await SessionCalls.SessionIdAsync(client);

        server.Process.Kill();
        using var again = await server.StartAgainAsync();

        await again.ExplainFailuresAsync(async () =>
        {
            using var check = await client.SendAsync(SessionCalls.WithSession(HttpMethod.Get, "go-uploader/auth/check", id));
            await SessionCalls.ExpectAnswerAsync(check, 200);
        });
    }

    [Fact]
    public async Task A_session_from_one_process_works_on_another_on_the_same_database_and_ends_on_both()
    {
        using var first = await ProcessServer.StartAsync();
        using var second = await ProcessServer.StartAsync(SharingStoresOf(first));
        using var one = new HttpClient { BaseAddress = first.BaseAddress, Timeout = Timeout };
        using var other = new HttpClient { BaseAddress = second.BaseAddress, Timeout = Timeout };
        var id = await SessionCalls.SessionIdAsync(one);

        using (var check = await other.SendAsync(SessionCalls.WithSession(HttpMethod.Get, "go-uploader/auth/check", id)))
        {
            await SessionCalls.ExpectAnswerAsync(check, 200);
        }

        using (var logout = await other.SendAsync(SessionCalls.WithSession(HttpMethod.Post, "go-uploader/auth/logout", id)))
        {
            await SessionCalls.ExpectAnswerAsync(logout, 200);
        }

        using var ended = await one.SendAsync(SessionCalls.WithSession(HttpMethod.Get, "go-uploader/auth/check", id));
        await SessionCalls.ExpectAnswerAsync(ended, 401, "unauthorized");
    }

    [Fact]
    public async Task Wrong_keys_spread_over_two_processes_lock_the_address_out_after_ten_in_all()
    {
        using var first = await ProcessServer.StartAsync();
        using var second = await ProcessServer.StartAsync(SharingStoresOf(first));

        for (var i = 0; i < 10; i++)
        {
            using var wrong = UploaderApi.ForProcess(i % 2 == 0 ? first.BaseAddress : second.BaseAddress, Timeout);
            wrong.Http.DefaultRequestHeaders.Remove("X-Secret-Key");
            wrong.Http.DefaultRequestHeaders.Add("X-Secret-Key", $"wrong-key-{i}");
            await wrong.StatusAsync("no-such-task").ExpectProblemAsync(401, "unauthorized");
        }

        foreach (var server in new[] { first, second })
        {
            using var right = server.Api(Timeout);
            await right.StatusAsync("no-such-task").ExpectProblemAsync(429, "too_many_requests");
        }
    }

    [Fact]
    public async Task Forwarded_headers_from_a_peer_that_is_not_a_trusted_proxy_are_ignored()
    {
        using var server = await ProcessServer.StartAsync(config => config["trusted_proxies"] = new JsonArray("192.0.2.1"));
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout };

        // Were X-Forwarded-For believed, each of these would be another client with one wrong key.
        for (var i = 0; i < 10; i++)
        {
            await client.SendAsync(Forwarded($"198.51.100.{i + 1}", "http", $"wrong-key-{i}")).ExpectProblemAsync(401, "unauthorized");
        }

        await client.SendAsync(Forwarded("198.51.100.99", "http", UploaderFactory.SecretKey)).ExpectProblemAsync(429, "too_many_requests");
        using var logout = new HttpRequestMessage(HttpMethod.Post, "go-uploader/auth/logout");
        logout.Headers.Add("X-Forwarded-Proto", "https");
        using var cleared = await client.SendAsync(logout);
        Assert.False(SessionCalls.SessionCookie(cleared).Secure, "X-Forwarded-Proto from an untrusted peer made the cookie Secure");
    }

    [Fact]
    public async Task A_trusted_proxys_client_address_and_scheme_are_used_for_the_lockout_the_log_and_the_cookie()
    {
        using var server = await ProcessServer.StartAsync(config =>
        {
            config["trusted_proxies"] = new JsonArray("127.0.0.1");
            config["log_level"] = "info";
        });
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout };

        await server.ExplainFailuresAsync(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await client.SendAsync(Forwarded("198.51.100.7", "http", $"wrong-key-{i}")).ExpectProblemAsync(401, "unauthorized");
            }

            await client.SendAsync(Forwarded("198.51.100.7", "http", UploaderFactory.SecretKey)).ExpectProblemAsync(429, "too_many_requests");
            await client.SendAsync(Forwarded("198.51.100.8", "http", UploaderFactory.SecretKey)).ExpectProblemAsync(404, "task_not_found");

            using var login = new HttpRequestMessage(HttpMethod.Post, "go-uploader/auth/login")
            {
                Content = JsonContent($$"""{"secret_key":"{{UploaderFactory.SecretKey}}"}"""),
            };
            login.Headers.Add("X-Forwarded-For", "198.51.100.8");
            login.Headers.Add("X-Forwarded-Proto", "https");
            using var secure = await client.SendAsync(login);
            await SessionCalls.ExpectAnswerAsync(secure, 200);
            Assert.True(SessionCalls.SessionCookie(secure).Secure, "the trusted proxy said the client came over HTTPS");

            using var system = server.Api(Timeout);
            var config = (await system.Http.GetAsync(new Uri("go-uploader/system", UriKind.Relative)).ExpectOkAsync()).GetProperty("config");
            Assert.Equal(["127.0.0.1"], config.GetProperty("trusted_proxies").EnumerateArray().Select(e => e.GetString()));
            var log = new ServerLog(server.Process, fromStart: true);
            await log.WaitForAsync("/go-uploader/upload_status?file_id=no-such-task responded 404", Timeout);
            Assert.Contains(log.Entries("INF"), l => l.Contains("responded 404", StringComparison.Ordinal) && l.Contains("ms from 198.51.100.8", StringComparison.Ordinal));
        });
    }

    /// <summary>A second server's config on the first one's database and folders (paths made absolute).</summary>
    private static Action<JsonObject> SharingStoresOf(ProcessServer first) => config =>
    {
        config["database"] = first.Folder.Combine("data", "uploader.db");
        config["upload_dir"] = first.Folder.Combine("upload");
        config["merged_dir"] = first.Folder.Combine("merged");
    };

    private static HttpRequestMessage Forwarded(string client, string scheme, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "go-uploader/upload_status?file_id=no-such-task");
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", scheme);
        request.Headers.Add("X-Secret-Key", key);
        return request;
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
