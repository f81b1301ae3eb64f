using System.Net;
using System.Text.RegularExpressions;

namespace Uploader.Api.Tests;

/// <summary>
/// Answers of endpoints that need the key are never stored by a cache, errors included; Swagger UI's pages
/// carry a Content-Security-Policy that forbids framing and inline script.
/// </summary>
public sealed partial class ResponseHeaderTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    private const string Policy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";

    [Theory]
    [InlineData("go-uploader/tasks", HttpStatusCode.OK)]
    [InlineData("go-uploader/system", HttpStatusCode.OK)]
    [InlineData("go-uploader/metrics", HttpStatusCode.OK)]
    [InlineData("go-uploader/upload_status?file_id=nope", HttpStatusCode.NotFound)]
    [InlineData("go-uploader/upload_status", HttpStatusCode.BadRequest)]
    public async Task Answers_with_the_key_are_not_stored(string path, HttpStatusCode expected)
    {
        using var api = factory.CreateApi();

        using var answer = await api.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(expected, answer.StatusCode);
        Assert.True(answer.Headers.CacheControl?.NoStore == true, $"{path}: Cache-Control {answer.Headers.CacheControl}");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Refusals_of_endpoints_that_need_the_key_are_not_stored(string? key)
    {
        using var client = factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Secret-Key", key);
        }

        using var answer = await client.GetAsync(new Uri("go-uploader/tasks", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.True(answer.Headers.CacheControl?.NoStore == true, $"Cache-Control {answer.Headers.CacheControl}");
    }

    [Fact]
    public async Task Lockout_answer_is_not_stored()
    {
        await using var server = new UploaderFactory();
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Secret-Key", "wrong-key");
        for (var i = 0; i < Uploader.Application.Auth.KeyLockoutRules.MaxFailures; i++)
        {
            using var wrong = await client.GetAsync(new Uri("go-uploader/tasks", UriKind.Relative));
        }

        using var answer = await client.GetAsync(new Uri("go-uploader/tasks", UriKind.Relative));

        Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
        Assert.True(answer.Headers.CacheControl?.NoStore == true, $"Cache-Control {answer.Headers.CacheControl}");
    }

    [Theory]
    [InlineData("swagger/index.html")]
    [InlineData("swagger/index.js")]
    [InlineData("swagger/")]
    [InlineData("swagger/uploader/empty-form-fields.js")]
    public async Task Swagger_ui_pages_forbid_framing_and_foreign_or_inline_script(string path)
    {
        using var client = factory.CreateClient();

        using var answer = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.True(answer.IsSuccessStatusCode || answer.StatusCode == HttpStatusCode.MovedPermanently, $"{path}: {answer.StatusCode}");
        Assert.Equal(Policy, Assert.Single(answer.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("DENY", Assert.Single(answer.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Swagger_ui_page_has_no_inline_script_so_it_runs_under_the_policy()
    {
        using var client = factory.CreateClient();

        var page = await client.GetStringAsync(new Uri("swagger/index.html", UriKind.Relative));

        var scripts = ScriptTag().Matches(page);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, tag => Assert.Contains(" src=", tag.Value, StringComparison.Ordinal));
        Assert.DoesNotContain(" on", string.Concat(HtmlTag().Matches(page).Select(t => t.Value)), StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("<[a-z][^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();
}
