using System.Net;
using System.Text;

namespace Uploader.Api.Tests;

/// <summary>Corners of the contract where the framework's defaults used to answer instead of the server.</summary>
public sealed class ContractEdgeTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    [Fact]
    public async Task A_file_id_with_a_slash_is_reachable_on_the_task_routes_as_percent_2F()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(1000, 1000);
        var request = file.Request(0) with { FileId = $"folder/{file.FileId}" };
        await api.UploadAsync(request).ExpectOkAsync();
        var escaped = Uri.EscapeDataString(request.FileId);

        var detail = await api.Http.GetAsync($"/go-uploader/tasks/{escaped}").ExpectOkAsync();
        var paused = await api.Http.PostAsync($"/go-uploader/tasks/{escaped}/pause", null).ExpectOkAsync();

        Assert.Contains("%2F", escaped, StringComparison.Ordinal);
        Assert.Equal(request.FileId, detail.Str("file_id"));
        Assert.Equal("paused", paused.Str("status"));
    }

    [Fact]
    public async Task A_body_of_the_wrong_content_type_gets_the_contract_problem()
    {
        using var api = factory.CreateApi();
        using var body = new StringContent("action=pause", Encoding.UTF8, "text/plain");

        var problem = await api.Http.PostAsync("/go-uploader/tasks/batch", body).ExpectProblemAsync(415, "validation_failed");

        Assert.False(string.IsNullOrEmpty(problem.Str("trace_id")));
    }

    [Fact]
    public async Task Error_answers_keep_the_nosniff_header()
    {
        using var api = factory.CreateApi();

        using var answer = await api.StatusAsync("no-such-task");

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("nosniff", Assert.Single(answer.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task The_liveness_probe_answers_HEAD()
    {
        using var client = factory.CreateClient();
        using var head = new HttpRequestMessage(HttpMethod.Head, "/go-uploader/health/live");

        using var answer = await client.SendAsync(head);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }
}
