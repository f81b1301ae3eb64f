using System.Text.Json;

namespace Uploader.Api.Tests;

/// <summary>The web login routes and the session cookie as the OpenAPI document describes them.</summary>
public sealed class AuthOpenApiTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    [Theory]
    [InlineData("/go-uploader/auth/login", "post", "200 400 401 429", "success code message auth_token expires_at")]
    [InlineData("/go-uploader/auth/logout", "post", "200", "success code message")]
    [InlineData("/go-uploader/auth/check", "get", "200 401 429", "success code message auth_enabled")]
    public async Task Each_auth_route_lists_its_answers_and_go_uploaders_fields(string path, string method, string statuses, string fields)
    {
        var document = await DocumentAsync();
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);

        var responses = operation.GetProperty("responses");
        Assert.Equal(statuses.Split(' '), responses.EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
        var reference = responses.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").Str("$ref")!;
        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.Split('/')[^1]);
        Assert.Equal(fields.Split(' ').Order(StringComparer.Ordinal), schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace(operation.Str("summary")), operation.ToString());
    }

    [Fact]
    public async Task Login_and_logout_need_no_key_and_check_takes_the_key_or_the_session_cookie()
    {
        var document = await DocumentAsync();
        var paths = document.GetProperty("paths");

        Assert.False(paths.GetProperty("/go-uploader/auth/login").GetProperty("post").Has("security"));
        Assert.False(paths.GetProperty("/go-uploader/auth/logout").GetProperty("post").Has("security"));
        var schemes = paths.GetProperty("/go-uploader/auth/check").GetProperty("get").GetProperty("security").EnumerateArray()
            .SelectMany(r => r.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["ApiKey", "Bearer", "uploader_session"], schemes);
        var cookie = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("uploader_session");
        Assert.Equal("cookie", cookie.Str("in"));
    }

    [Theory]
    [InlineData("/go-uploader/upload_chunk", "post", true)]
    [InlineData("/go-uploader/tasks/{file_id}", "delete", true)]
    [InlineData("/go-uploader/tasks/{file_id}", "get", false)]
    [InlineData("/go-uploader/auth/logout", "post", false)]
    public async Task Only_state_changing_routes_that_take_the_cookie_list_forbidden_origin(string path, string method, bool listed)
    {
        var responses = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");

        Assert.Equal(listed, responses.TryGetProperty("403", out var forbidden)
            && forbidden.GetProperty("description").GetString()!.Contains("`forbidden_origin`", StringComparison.Ordinal));
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = factory.CreateClient();
        return await client.GetAsync(new Uri("swagger/v1/swagger.json", UriKind.Relative)).ExpectOkAsync();
    }
}
