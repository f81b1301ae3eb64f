using System.Text.Json;

namespace Uploader.Api.Tests;

/// <summary>The task management endpoints as the OpenAPI document describes them.</summary>
public sealed class TaskOpenApiTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    [Theory]
    [InlineData("/go-uploader/tasks", "get", "200 400 401 429")]
    [InlineData("/go-uploader/tasks/{file_id}", "get", "200 400 401 404 429")]
    [InlineData("/go-uploader/tasks/{file_id}", "delete", "200 400 401 403 404 409 429")]
    [InlineData("/go-uploader/tasks/{file_id}/pause", "post", "200 400 401 403 404 409 429")]
    [InlineData("/go-uploader/tasks/cleanup", "post", "200 400 401 403 429")]
    [InlineData("/go-uploader/tasks/batch", "post", "200 400 401 403 413 429")]
    public async Task Each_endpoint_lists_its_answers_with_problem_bodies_for_errors(string path, string method, string statuses)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method);

        var responses = operation.GetProperty("responses");
        Assert.Equal(statuses.Split(' '), responses.EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
        foreach (var error in responses.EnumerateObject().Where(r => r.Name != "200"))
        {
            Assert.True(error.Value.GetProperty("content").Has("application/problem+json"), error.ToString());
        }

        Assert.False(string.IsNullOrWhiteSpace(operation.Str("summary")), operation.ToString());
    }

    [Fact]
    public async Task The_list_and_cleanup_document_their_query_parameters()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        Assert.Equal(["page", "page_size", "search", "status"], ParameterNames(paths.GetProperty("/go-uploader/tasks").GetProperty("get")));
        Assert.Equal(["older_than", "status"], ParameterNames(paths.GetProperty("/go-uploader/tasks/cleanup").GetProperty("post")));
        Assert.Equal(["delete_file", "file_id"], ParameterNames(paths.GetProperty("/go-uploader/tasks/{file_id}").GetProperty("delete")));
    }

    [Theory]
    [InlineData("/go-uploader/tasks", "get", "uploading paused merging completed failed")]
    [InlineData("/go-uploader/tasks/cleanup", "post", "uploading paused completed failed")]
    public async Task The_status_parameter_is_an_enum_of_the_statuses_it_takes(string path, string method, string statuses)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method);

        var status = operation.GetProperty("parameters").EnumerateArray().Single(p => p.Str("name") == "status");
        Assert.Equal(statuses.Split(' '), status.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
    }

    private static IEnumerable<string?> ParameterNames(JsonElement operation) =>
        operation.GetProperty("parameters").EnumerateArray().Select(p => p.Str("name")).Order(StringComparer.Ordinal);

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = factory.CreateClient();
        return await client.GetAsync(new Uri("swagger/v1/swagger.json", UriKind.Relative)).ExpectOkAsync();
    }
}
