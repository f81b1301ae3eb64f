using System.Net;
using System.Net.Http.Headers;
using Uploader.Api.Auth;

namespace Uploader.Api.Tests;

/// <summary>
/// Scenario 8 of issue 4: the key compare, the key kept out of logs, answers and /system, the response headers,
/// CORS limited to cors_origins and the modes of the files the server writes. The brute-force limit is proven by
/// <see cref="BruteForceTests"/> and the store's KeyLockoutStoreTests (Infrastructure tests).
/// </summary>
public sealed class SecurityTests
{
    private const string Key = UploaderFactory.SecretKey;

    [Fact]
    public void The_api_key_matches_only_itself()
    {
        var key = new ApiKey(Key);

        Assert.True(key.Matches(Key));
        Assert.False(key.Matches(Key[..^1] + "X"));
        Assert.False(key.Matches(Key[..^1]));
        Assert.False(key.Matches(Key + "0"));
        Assert.False(key.Matches(Key.ToUpperInvariant()));
        Assert.False(key.Matches(string.Empty));
        Assert.False(key.Matches(null));
        Assert.False(key.Matches(new string('a', 100_000)));
        Assert.Equal("***", key.ToString());
        Assert.DoesNotContain(Key, key.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Neither_the_key_nor_a_wrong_key_shows_in_logs_answers_or_system_and_headers_are_safe()
    {
        using var server = await ProcessServer.StartAsync(c => c["log_level"] = "debug");
        var baseAddress = server.BaseAddress;
        var wrongKey = $"wrong-key-{Guid.NewGuid():N}";
        using var good = new HttpClient { BaseAddress = baseAddress };
        good.DefaultRequestHeaders.Add("X-Secret-Key", Key);
        using var bearer = new HttpClient { BaseAddress = baseAddress };
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var wrong = new HttpClient { BaseAddress = baseAddress };
        wrong.DefaultRequestHeaders.Add("X-Secret-Key", wrongKey);

        await server.ExplainFailuresAsync(async () =>
        {
            var bodies = new List<string>();
            string[] paths =
            [
                "go-uploader/system", "go-uploader/metrics", "go-uploader/health", "go-uploader/health/ready", "go-uploader/tasks",
                "go-uploader/upload_status?file_id=nope", "go-uploader/tasks/nope", "swagger/v1/swagger.json",
            ];
            foreach (var client in new[] { good, bearer, wrong })
            {
                foreach (var path in paths)
                {
                    using var answer = await client.GetAsync(new Uri(path, UriKind.Relative));
                    bodies.Add(await answer.Content.ReadAsStringAsync());
                    AssertSafeHeaders(answer, path);
                }

                using var upload = await new UploaderApi(client).UploadAsync(SourceFile.Random(10, 10).Request(0) with { RelativePath = "../x" });
                bodies.Add(await upload.Content.ReadAsStringAsync());
                AssertSafeHeaders(upload, "upload_chunk");
            }

            using (var ok = await good.GetAsync(new Uri("go-uploader/system", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            }

            using (var refused = await wrong.GetAsync(new Uri("go-uploader/system", UriKind.Relative)))
            {
                Assert.True(refused.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, refused.StatusCode.ToString());
            }

            Assert.All(bodies, body => Assert.DoesNotContain(Key, body, StringComparison.Ordinal));
            Assert.All(bodies, body => Assert.DoesNotContain(wrongKey, body, StringComparison.Ordinal));
            await Task.Delay(500);
            Assert.False(string.IsNullOrWhiteSpace(server.Process.Output));
            Assert.DoesNotContain(Key, server.Process.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(wrongKey, server.Process.Output, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("https://ok.example", true)]
    [InlineData("https://evil.example", false)]
    [InlineData("https://ok.example.evil.example", false)]
    [InlineData("http://ok.example", false)]
    public async Task Cors_answers_only_the_configured_origins(string origin, bool allowed)
    {
        await using var factory = UploaderFactory.With(c => c["cors_origins"] = new System.Text.Json.Nodes.JsonArray("https://ok.example"));
        using var client = factory.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/go-uploader/upload_chunk");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-secret-key");

        using var answer = await client.SendAsync(preflight);
        using var get = new HttpRequestMessage(HttpMethod.Get, "/go-uploader/health");
        get.Headers.Add("Origin", origin);
        using var simple = await client.SendAsync(get);

        foreach (var response in new[] { answer, simple })
        {
            if (allowed)
            {
                Assert.Equal(origin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
            }
            else
            {
                Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), $"{origin} got {response.Headers}");
            }
        }
    }

    [Fact]
    public async Task Without_cors_origins_no_origin_is_allowed()
    {
        await using var factory = new UploaderFactory();
        using var client = factory.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/go-uploader/upload_chunk");
        preflight.Headers.Add("Origin", "https://ok.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");

        using var answer = await client.SendAsync(preflight);

        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
    }

#if !S3
    // File modes: in a bucket the store decides who may read (docs/storage.md).
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Chunks_and_merged_files_are_not_writable_by_group_or_others()
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();
        var file = SourceFile.Random(30, 10);
        await api.UploadAllAsync(file);

        const UnixFileMode chunkAllowed = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        var chunks = Directory.GetFiles(await factory.TaskDirectoryAsync(file.FileId));
        Assert.NotEmpty(chunks);
        Assert.All(chunks, chunk => Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(chunk) & ~chunkAllowed));

        await api.MergeOkAsync(file);
        var merged = Path.Combine(factory.MergedDir, file.Name);
        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(merged) & ~(chunkAllowed | UnixFileMode.OtherRead));
        Assert.True(File.GetUnixFileMode(merged).HasFlag(UnixFileMode.UserRead));
    }
#endif

    private static void AssertSafeHeaders(HttpResponseMessage answer, string path)
    {
        Assert.False(answer.Headers.Contains("Server"), $"{path} sent a Server header");
        Assert.False(answer.Headers.Contains("X-Powered-By"), path);
        Assert.Equal("nosniff", Assert.Single(answer.Headers.GetValues("X-Content-Type-Options")));
    }
}
