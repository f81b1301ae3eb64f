using System.Text.Json;
using System.Text.Json.Nodes;

namespace Uploader.Api.Tests;

/// <summary>GET /go-uploader/limits: the contract's six fields and parallel_uploads as configured, behind the key.</summary>
public sealed class LimitsTests
{
    private static readonly Uri Limits = new("go-uploader/limits", UriKind.Relative);

    [Fact]
    public async Task Limits_need_the_key()
    {
        await using var factory = new UploaderFactory();
        using var anonymous = factory.CreateClient();

        await anonymous.GetAsync(Limits).ExpectProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task Limits_are_the_configured_values_and_nothing_else()
    {
        await using var factory = UploaderFactory.With(config =>
        {
            config["max_file_size"] = 9_876_543;
            config["max_chunk_size"] = 123_456;
            config["max_chunks"] = 321;
            config["allowed_extensions"] = new JsonArray("TXT", ".pdf");
            config["enable_integrity_check"] = false;
            config["on_conflict"] = "reject";
            config["concurrent_uploads"] = 7;
        });
        using var api = factory.CreateApi();

        var limits = await api.Http.GetAsync(Limits).ExpectOkAsync();

        Assert.Equal(
            ["allowed_extensions", "enable_integrity_check", "max_chunk_size", "max_chunks", "max_file_size", "on_conflict", "parallel_uploads"],
            limits.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(9_876_543, limits.Number("max_file_size"));
        Assert.Equal(123_456, limits.Number("max_chunk_size"));
        Assert.Equal(321, limits.Number("max_chunks"));
        Assert.Equal([".txt", ".pdf"], limits.GetProperty("allowed_extensions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.False, limits.GetProperty("enable_integrity_check").ValueKind);
        Assert.Equal("reject", limits.Str("on_conflict"));
        Assert.Equal(4, limits.Number("parallel_uploads"));
    }

    [Fact]
    public async Task Parallel_uploads_is_max_uploads_per_client_when_it_is_set()
    {
        await using var factory = UploaderFactory.With(config =>
        {
            config["concurrent_uploads"] = 10;
            config["max_uploads_per_client"] = 2;
        });
        using var api = factory.CreateApi();

        var limits = await api.Http.GetAsync(Limits).ExpectOkAsync();

        Assert.Equal(2, limits.Number("parallel_uploads"));
    }

    [Fact]
    public async Task The_openapi_document_describes_limits_with_its_errors()
    {
        await using var factory = new UploaderFactory();
        using var client = factory.CreateClient();

        var document = await client.GetAsync(new Uri("swagger/v1/swagger.json", UriKind.Relative)).ExpectOkAsync();

        var operation = document.GetProperty("paths").GetProperty("/go-uploader/limits").GetProperty("get");
        Assert.Equal(["200", "401", "429"], operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.True(operation.Has("security"), operation.ToString());
    }
}
