using System.Net;
using System.Net.Http.Headers;

namespace Uploader.Api.Tests;

public sealed class AuthTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    public static TheoryData<string, string> ProtectedEndpoints => new()
    {
        { "GET", "go-uploader/upload_status?file_id=x" },
        { "POST", "go-uploader/upload_chunk" },
        { "POST", "go-uploader/merge_chunks" },
        { "POST", "go-uploader/tasks/x/pause" },
        { "POST", "go-uploader/tasks/x/resume" },
    };

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task Endpoint_without_a_key_is_unauthorized(string method, string path)
    {
        using var client = factory.CreateClient();

        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        await client.SendAsync(request).ExpectProblemAsync(401, "unauthorized");
    }

    [Theory]
    [InlineData("X-Secret-Key", "wrong-key")]
    [InlineData("X-Secret-Key", UploaderFactory.SecretKey + "x")]
    [InlineData("Authorization", "Bearer wrong-key")]
    [InlineData("Authorization", "Basic " + UploaderFactory.SecretKey)]
    public async Task Wrong_key_is_unauthorized(string header, string value)
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation(header, value);

        using var unknown = new HttpRequestMessage(HttpMethod.Get, "go-uploader/upload_status?file_id=x");
        var problem = await client.SendAsync(unknown).ExpectProblemAsync(401, "unauthorized");

        Assert.Contains("key", problem.Str("detail"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unauthorized_answer_names_the_bearer_scheme()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("go-uploader/upload_status?file_id=x", UriKind.Relative));

        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Key_as_x_secret_key_is_accepted()
    {
        using var api = factory.CreateApi();

        await api.StatusAsync("no-such-task").ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task Key_as_bearer_token_is_accepted()
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", UploaderFactory.SecretKey);
        using var api = new UploaderApi(client);
        var file = SourceFile.Random(100, 100);

        await api.UploadAllAsync(file);

        Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
    }

    [Theory]
    [InlineData("go-uploader/health/live")]
    [InlineData("swagger/v1/swagger.json")]
    [InlineData("swagger/index.html")]
    public async Task Public_path_answers_without_a_key(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Live_probe_says_alive()
    {
        using var client = factory.CreateClient();

        var live = await client.GetAsync(new Uri("go-uploader/health/live", UriKind.Relative)).ExpectOkAsync();

        Assert.Equal("alive", live.Str("status"));
    }

    [Fact]
    public async Task Swagger_document_is_public_and_describes_the_key()
    {
        using var client = factory.CreateClient();

        var document = await client.GetAsync(new Uri("swagger/v1/swagger.json", UriKind.Relative)).ExpectOkAsync();

        Assert.True(document.GetProperty("paths").Has("/go-uploader/upload_chunk"), document.ToString());
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-Secret-Key", schemes.GetProperty("ApiKey").Str("name"));
        Assert.Equal("bearer", schemes.GetProperty("Bearer").Str("scheme"));
    }

    [Fact]
    public async Task Empty_secret_key_generates_one_beside_the_database_and_never_in_config()
    {
        await using var server = UploaderFactory.With(config => config["secret_key"] = "");
        using var anonymous = server.CreateClient();
        await anonymous.GetAsync(new Uri("go-uploader/upload_status?file_id=x", UriKind.Relative))
            .ExpectProblemAsync(401, "unauthorized");

        var keyFile = Path.Combine(server.DataDir, "secret.key");
        var key = (await File.ReadAllTextAsync(keyFile)).Trim();
        Assert.True(key.Length >= 32, $"generated key '{key}' is short");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        Assert.DoesNotContain(key, await File.ReadAllTextAsync(server.ConfigPath), StringComparison.Ordinal);
        Assert.NotEqual(UploaderFactory.SecretKey, key);

        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Secret-Key", key);
        using var api = new UploaderApi(client);
        await api.StatusAsync("no-such-task").ExpectProblemAsync(404, "task_not_found");
    }
}
