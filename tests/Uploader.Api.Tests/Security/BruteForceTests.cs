using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Uploader.Application.Auth;

namespace Uploader.Api.Tests;

/// <summary>
/// Ten wrong keys within a minute lock the client's address out for a minute: every request from it that
/// presents a key, the right one included, answers 429 with Retry-After. A fake clock moves time.
/// </summary>
public sealed class BruteForceTests : IAsyncDisposable
{
    private const string AddressHeader = "X-Test-Remote-Address";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly UploaderFactory _server;

    public BruteForceTests() =>
        _server = new UploaderFactory().OverrideServices(services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            services.AddSingleton<IStartupFilter, RemoteAddressFromHeader>();
        });

    [Fact]
    public async Task Ten_wrong_keys_lock_the_address_out_even_for_the_right_key_until_the_lockout_ends()
    {
        await SendWrongKeysAsync(10);

        using (var locked = await StatusAsync(UploaderFactory.SecretKey))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(60), locked.Headers.RetryAfter?.Delta);
        }

        await StatusAsync("wrong-key").ExpectProblemAsync(429, "too_many_requests");

        _clock.Advance(TimeSpan.FromSeconds(59));
        using (var stillLocked = await StatusAsync(UploaderFactory.SecretKey))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), stillLocked.Headers.RetryAfter?.Delta);
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        await StatusAsync(UploaderFactory.SecretKey).ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task Nine_wrong_keys_are_only_unauthorized()
    {
        await SendWrongKeysAsync(9);

        await StatusAsync(UploaderFactory.SecretKey).ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task Request_without_a_key_from_a_locked_address_is_still_401_and_public_paths_answer()
    {
        await SendWrongKeysAsync(10);

        using var client = _server.CreateClient();
        await client.GetAsync(new Uri("go-uploader/upload_status?file_id=x", UriKind.Relative)).ExpectProblemAsync(401, "unauthorized");
        client.DefaultRequestHeaders.Add("X-Secret-Key", UploaderFactory.SecretKey);
        using var live = await client.GetAsync(new Uri("go-uploader/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Right_key_forgives_the_earlier_wrong_keys()
    {
        await SendWrongKeysAsync(9);
        await StatusAsync(UploaderFactory.SecretKey).ExpectProblemAsync(404, "task_not_found");

        await SendWrongKeysAsync(9);

        await StatusAsync(UploaderFactory.SecretKey).ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task Wrong_keys_more_than_a_minute_apart_do_not_add_up()
    {
        await SendWrongKeysAsync(9);
        _clock.Advance(TimeSpan.FromMinutes(1));

        await SendWrongKeysAsync(9);

        await StatusAsync(UploaderFactory.SecretKey).ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task Lockout_is_per_client_address()
    {
        await SendWrongKeysAsync(10, "198.51.100.7");

        await StatusAsync(UploaderFactory.SecretKey, "198.51.100.7").ExpectProblemAsync(429, "too_many_requests");
        await StatusAsync(UploaderFactory.SecretKey, "198.51.100.8").ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task Lockout_also_refuses_the_key_as_bearer_token_on_every_endpoint()
    {
        await SendWrongKeysAsync(10);
        using var client = _server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", UploaderFactory.SecretKey);

        await client.GetAsync(new Uri(MetricsScrape.Path, UriKind.Relative)).ExpectProblemAsync(429, "too_many_requests");
        using var content = SourceFile.Random(10, 10).Request(0).ToContent();
        await client.PostAsync(new Uri("go-uploader/upload_chunk", UriKind.Relative), content).ExpectProblemAsync(429, "too_many_requests");
    }

    [Fact]
    public async Task Spent_global_budget_answers_429_to_new_addresses_but_not_to_known_good_ones()
    {
        await StatusAsync(UploaderFactory.SecretKey, "198.51.100.1").ExpectProblemAsync(404, "task_not_found");
        for (var i = 0; i < KeyLockoutRules.GlobalBudget; i++)
        {
            await StatusAsync($"wrong-key-{i}", $"10.1.{i / 256}.{i % 256}").ExpectProblemAsync(401, "unauthorized");
        }

        using (var refused = await StatusAsync(UploaderFactory.SecretKey, "198.51.100.2"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
        }

        await StatusAsync(UploaderFactory.SecretKey, "198.51.100.2").ExpectProblemAsync(429, "too_many_requests");
        await StatusAsync(UploaderFactory.SecretKey, "198.51.100.1").ExpectProblemAsync(404, "task_not_found");
        _clock.Advance(KeyLockoutRules.Window);
        await StatusAsync(UploaderFactory.SecretKey, "198.51.100.2").ExpectProblemAsync(404, "task_not_found");
    }

    [Theory]
    [InlineData("go-uploader/health/live")]
    [InlineData("go-uploader/health")]
    [InlineData("go-uploader/health/ready")]
    [InlineData("swagger/v1/swagger.json")]
    [InlineData("go-uploader/no-such-endpoint")]
    public async Task Wrong_keys_sent_to_paths_that_need_no_key_do_not_count(string path)
    {
        using var client = _server.CreateClient();
        for (var i = 0; i < KeyLockoutRules.MaxFailures; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Secret-Key", $"wrong-key-{i}");
            using var answer = await client.SendAsync(request);
            Assert.NotEqual(HttpStatusCode.Unauthorized, answer.StatusCode);
        }

        await StatusAsync(UploaderFactory.SecretKey).ExpectProblemAsync(404, "task_not_found");
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task SendWrongKeysAsync(int count, string? address = null)
    {
        for (var i = 0; i < count; i++)
        {
            await StatusAsync($"wrong-key-{i}", address).ExpectProblemAsync(401, "unauthorized");
        }
    }

    private async Task<HttpResponseMessage> StatusAsync(string key, string? address = null)
    {
        using var client = _server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "go-uploader/upload_status?file_id=no-such-task");
        request.Headers.Add("X-Secret-Key", key);
        if (address is not null)
        {
            request.Headers.Add(AddressHeader, address);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The in-process test server has no remote address; this sets one from a header, first thing.</summary>
    private sealed class RemoteAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(AddressHeader, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
