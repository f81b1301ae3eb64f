using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Uploader.Api.Tests;

/// <summary>The hand-read upload and merge bodies as the OpenAPI document describes them, for Swagger UI's Try it out.</summary>
public sealed class UploadOpenApiTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    /// <summary>Fields whose right value depends on the file sent: any example would be wrong for most files.</summary>
    public static TheoryData<string> FieldsOfTheFile => ["file_size", "md5", "chunk_size", "filename", "relative_path"];

    [Theory]
    [InlineData("/go-uploader/upload_chunk", "multipart/form-data")]
    [InlineData("/go-uploader/merge_chunks", "application/json")]
    [InlineData("/go-uploader/merge_chunks", "multipart/form-data")]
    public async Task Every_example_of_a_body_field_is_a_value_its_schema_accepts(string path, string mediaType)
    {
        var schema = await BodySchemaAsync(path, mediaType);

        var examples = schema.GetProperty("properties").EnumerateObject().Where(p => p.Value.Has("example")).ToList();

        Assert.NotEmpty(examples);
        Assert.All(examples, field => AssertAccepts(field.Value, field.Value.GetProperty("example"), field.Name));
    }

    [Theory]
    [MemberData(nameof(FieldsOfTheFile))]
    public async Task A_field_that_depends_on_the_file_has_no_example(string field)
    {
        var schema = await BodySchemaAsync("/go-uploader/upload_chunk", "multipart/form-data");

        Assert.False(schema.GetProperty("properties").GetProperty(field).Has("example"), schema.ToString());
    }

    [Fact]
    public async Task The_md5_fields_require_32_hex_digits()
    {
        var upload = await BodySchemaAsync("/go-uploader/upload_chunk", "multipart/form-data");
        var merge = await BodySchemaAsync("/go-uploader/merge_chunks", "application/json");

        foreach (var md5 in new[] { upload.GetProperty("properties").GetProperty("md5"), merge.GetProperty("properties").GetProperty("expected_md5") })
        {
            var pattern = new Regex(md5.Str("pattern")!);
            Assert.Matches(pattern, "9a3609ad0769e1eda2b6d43119f2db6a");
            Assert.DoesNotMatch(pattern, "string");
        }
    }

    [Fact]
    public async Task The_merge_sample_is_the_smallest_valid_body_and_merges_an_uploaded_file()
    {
        var body = (await DocumentAsync()).GetProperty("paths").GetProperty("/go-uploader/merge_chunks").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
        var sample = body.GetProperty("example");
        var fileId = sample.Str("file_id")!;

        Assert.Equal(["file_id"], sample.EnumerateObject().Select(p => p.Name));
        using var api = factory.CreateApi();
        var file = SourceFile.Random(3000, 3000);
        await api.UploadAsync(file.Request(0) with { FileId = fileId }).ExpectOkAsync();
        using var merge = new StringContent(sample.GetRawText(), System.Text.Encoding.UTF8, "application/json");
        var merged = await api.Http.PostAsync(new Uri("go-uploader/merge_chunks", UriKind.Relative), merge).ExpectOkAsync();
        Assert.Equal(file.Md5, merged.Str("md5"));
    }

    [Fact]
    public async Task The_bearer_scheme_names_the_header_in_a_code_span()
    {
        var bearer = (await DocumentAsync()).GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");

        // Swagger UI renders descriptions as Markdown: outside a code span, <key> is taken for an HTML tag and dropped.
        Assert.Contains("`Authorization: Bearer <key>`", bearer.Str("description"), StringComparison.Ordinal);
    }

    private static void AssertAccepts(JsonElement schema, JsonElement value, string field)
    {
        var what = $"{field}: example {value.GetRawText()} for {schema}";
        switch (schema.Str("type"))
        {
            case "integer":
                Assert.True(value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _), what);
                if (schema.Has("minimum"))
                {
                    Assert.True(value.GetInt64() >= schema.GetProperty("minimum").GetInt64(), what);
                }

                break;
            case "string":
                Assert.True(value.ValueKind == JsonValueKind.String, what);
                var text = value.GetString()!;
                Assert.True(text.Length >= (schema.Has("minLength") ? schema.GetProperty("minLength").GetInt32() : 0), what);
                Assert.True(!schema.Has("maxLength") || text.Length <= schema.GetProperty("maxLength").GetInt32(), what);
                Assert.True(!schema.Has("pattern") || Regex.IsMatch(text, schema.Str("pattern")!), what);
                Assert.NotEqual("string", text);
                break;
            default:
                Assert.Fail($"{what}: no rule for this type");
                break;
        }
    }

    private async Task<JsonElement> BodySchemaAsync(string path, string mediaType) =>
        (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty(mediaType).GetProperty("schema");

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = factory.CreateClient();
        return await client.GetAsync(new Uri("swagger/v1/swagger.json", UriKind.Relative)).ExpectOkAsync();
    }
}
