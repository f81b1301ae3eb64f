using System.Globalization;
using System.Security.Cryptography;

namespace Uploader.Browser.Tests;

/// <summary>Swagger UI as a person uses it, in Chromium against the real server.</summary>
public sealed class SwaggerUiTests(LiveServer server) : IClassFixture<LiveServer>
{
    /// <summary>upload_chunk's fields whose value depends on the picked file: no example could be right.</summary>
    private static readonly string[] FieldsOfTheFile = ["file_size", "md5", "chunk_size", "filename", "relative_path"];

    [Fact]
    public async Task A_file_picked_in_swagger_ui_is_uploaded_and_merged()
    {
        var fileId = "swagger-ui-" + Guid.NewGuid().ToString("N");
        var file = Path.Combine(server.ScratchDir, "notes.txt");
        await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes(50_000));

        await InSwaggerUiAsync(nameof(A_file_picked_in_swagger_ui_is_uploaded_and_merged), async ui =>
        {
            await ui.AuthorizeAsync(LiveServer.SecretKey);

            var upload = await ui.TryItOutAsync("/go-uploader/upload_chunk");
            await upload.FillFieldAsync("file_id", fileId);
            await upload.FillFieldAsync("chunk_index", "0");
            await upload.FillFieldAsync("total_chunks", "1");
            await upload.FillFieldAsync("file_size", new FileInfo(file).Length.ToString(CultureInfo.InvariantCulture));
            await upload.PickFileAsync("chunk", file);
            var uploaded = await upload.ExecuteAsync();
            Assert.True(uploaded.Status == "200", uploaded.ToString());

            var merge = await ui.TryItOutAsync("/go-uploader/merge_chunks");
            await merge.FillJsonBodyAsync($$"""{"file_id": "{{fileId}}"}""");
            var merged = await merge.ExecuteAsync();
            Assert.True(merged.Status == "200", merged.ToString());
        });

        var task = await server.TaskAsync(fileId);
        Assert.Equal("completed", task.GetProperty("status").GetString());
        Assert.Equal(Md5Of(await File.ReadAllBytesAsync(file)), task.GetProperty("md5").GetString());
    }

    [Fact]
    public async Task Try_it_out_leaves_what_depends_on_the_file_empty_and_samples_the_smallest_merge_body()
    {
        await InSwaggerUiAsync(nameof(Try_it_out_leaves_what_depends_on_the_file_empty_and_samples_the_smallest_merge_body), async ui =>
        {
            var upload = await ui.TryItOutAsync("/go-uploader/upload_chunk");
            foreach (var field in FieldsOfTheFile)
            {
                Assert.True(await upload.FieldValueAsync(field) == "", $"{field} is pre-filled with '{await upload.FieldValueAsync(field)}'");
            }

            Assert.Equal("0", await upload.FieldValueAsync("chunk_index"));
            Assert.Equal("1", await upload.FieldValueAsync("total_chunks"));
            Assert.NotEqual("", await upload.FieldValueAsync("file_id"));

            var merge = await ui.TryItOutAsync("/go-uploader/merge_chunks");
            var body = System.Text.Json.JsonDocument.Parse(await merge.JsonBodyAsync()).RootElement;
            Assert.Equal(["file_id"], body.EnumerateObject().Select(p => p.Name));
        });
    }

    [Fact]
    public async Task The_bearer_scheme_shows_the_header_with_its_key_placeholder()
    {
        await InSwaggerUiAsync(nameof(The_bearer_scheme_shows_the_header_with_its_key_placeholder), async ui =>
        {
            var text = await ui.SchemeTextAsync("Bearer");

            Assert.Contains("Authorization: Bearer <key>", text, StringComparison.Ordinal);
        });
    }

    private static string Md5Of(byte[] bytes)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(bytes);
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    /// <summary>A fresh browser on Swagger UI; a failure carries the server's output and a screenshot.</summary>
    private Task InSwaggerUiAsync(string test, Func<SwaggerUi, Task> steps) =>
        server.ExplainFailuresAsync(async () =>
        {
            await using var browser = await BrowserSession.StartAsync();
            await browser.ExplainFailuresAsync(test, async () =>
            {
                var ui = new SwaggerUi(browser.Page);
                await ui.OpenAsync(server.BaseAddress);
                await steps(ui);
            });
        });
}
