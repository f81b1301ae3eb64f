using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Uploader.Api.OpenApi;
using Uploader.Api.Problems;

namespace Uploader.Api.Tests;

/// <summary>The OpenAPI document's error answers come from the codes each operation declares and the catalog's table.</summary>
public sealed partial class ErrorDocumentationTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    [Fact]
    public async Task Upload_chunk_lists_the_codes_it_returns_and_none_of_the_merges()
    {
        var responses = (await DocumentAsync()).GetProperty("paths").GetProperty("/go-uploader/upload_chunk").GetProperty("post").GetProperty("responses");

        Assert.Equal(["validation_failed", "invalid_path"], ListedCodes(responses.GetProperty("400")));
        Assert.DoesNotContain("target_exists", ListedCodes(responses.GetProperty("409")));
        Assert.Contains("task_paused", ListedCodes(responses.GetProperty("409")));
        Assert.Equal(["checksum_mismatch", "size_mismatch"], ListedCodes(responses.GetProperty("422")));
    }

    [Fact]
    public async Task Merge_chunks_lists_the_merge_codes()
    {
        var responses = (await DocumentAsync()).GetProperty("paths").GetProperty("/go-uploader/merge_chunks").GetProperty("post").GetProperty("responses");

        Assert.Equal(["validation_failed", "invalid_path", "chunks_missing"], ListedCodes(responses.GetProperty("400")));
        Assert.Contains("target_exists", ListedCodes(responses.GetProperty("409")));
        Assert.Equal(["checksum_mismatch", "corrupt_chunks", "size_mismatch"], ListedCodes(responses.GetProperty("422")));
    }

    [Fact]
    public async Task Every_error_answer_of_every_operation_lists_codes_of_its_own_status()
    {
        var checkedAnswers = 0;
        foreach (var path in (await DocumentAsync()).GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                foreach (var answer in operation.Value.GetProperty("responses").EnumerateObject().Where(IsProblem))
                {
                    var codes = ListedCodes(answer.Value);
                    Assert.True(codes.Length > 0, $"{operation.Name} {path.Name} {answer.Name}: {answer.Value}");
                    Assert.All(codes, code => Assert.Equal(answer.Name, ProblemCatalog.StatusOf(code).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    checkedAnswers++;
                }
            }
        }

        Assert.True(checkedAnswers > 20, $"only {checkedAnswers} error answers in the document");
    }

    [Fact]
    public void Every_error_code_has_one_row_in_the_catalog()
    {
        var constants = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(constants, ProblemCatalog.Codes.Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_code_the_catalog_lacks_cannot_be_declared()
    {
        var responses = new OpenApiResponses();

        var refused = Assert.Throws<ArgumentException>(() => ErrorResponses.Add(responses, [ErrorCodes.TaskNotFound, "file_gone_typo"], new OpenApiSchema()));

        Assert.Contains("file_gone_typo", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>An answer with a problem+json body (a failing health probe answers 503 with its own report).</summary>
    private static bool IsProblem(JsonProperty answer) =>
        answer.Value.TryGetProperty("content", out var content) && content.Has("application/problem+json");

    /// <summary>The codes an error answer's description lists, one "- `code`: when" line each.</summary>
    private static string[] ListedCodes(JsonElement answer) =>
        [.. ListedCode().Matches(answer.GetProperty("description").GetString()!).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("^- `([a-z_]+)`:", RegexOptions.Multiline)]
    private static partial Regex ListedCode();

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = factory.CreateClient();
        return await client.GetAsync(new Uri("swagger/v1/swagger.json", UriKind.Relative)).ExpectOkAsync();
    }
}
