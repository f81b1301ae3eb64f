namespace Uploader.Api.Tests;

/// <summary>
/// Security review item 6: upload_chunk keeps only its known fields, reads at most 32 parts and 64 KiB of metadata;
/// merge_chunks forms hold a bounded number of values. Extra small fields (go-uploader clients send some) still pass.
/// </summary>
public sealed class FormPartLimitTests
{
    [Fact]
    public async Task A_chunk_with_a_few_unknown_small_fields_is_stored()
    {
        await using var server = new UploaderFactory();
        using var api = server.CreateApi();
        var file = SourceFile.Random(100, 100);
        using var content = file.Request(0).ToContent();
        for (var i = 0; i < 5; i++)
        {
            content.Add(new StringContent($"extra value {i}"), $"client_extra_{i}");
        }

        await api.Http.PostAsync(new Uri("go-uploader/upload_chunk", UriKind.Relative), content).ExpectOkAsync();
        await api.ExpectStoredAsync(file.FileId, 0);
    }

    [Fact]
    public async Task A_chunk_body_of_33_parts_is_refused_naming_the_cap()
    {
        await using var server = new UploaderFactory();
        using var api = server.CreateApi();
        var file = SourceFile.Random(100, 100);
        using var content = file.Request(0).ToContent();
        var extra = 0;
        while (content.Count() < 33)
        {
            content.Add(new StringContent("x"), $"client_extra_{extra++}");
        }

        var problem = await api.Http.PostAsync(new Uri("go-uploader/upload_chunk", UriKind.Relative), content).ExpectInvalidFieldAsync("body");
        Assert.Contains("32 parts", problem.Str("detail"), StringComparison.Ordinal);
        await api.StatusAsync(file.FileId).ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task A_merge_form_with_hundreds_of_fields_is_refused()
    {
        await using var server = new UploaderFactory();
        using var api = server.CreateApi();
        var fields = new List<KeyValuePair<string, string>> { new("file_id", "no-such-task") };
        fields.AddRange(Enumerable.Range(0, 500).Select(i => new KeyValuePair<string, string>($"extra_{i}", "x")));
        using var form = new FormUrlEncodedContent(fields);

        await api.Http.PostAsync(new Uri("go-uploader/merge_chunks", UriKind.Relative), form).ExpectInvalidFieldAsync("body");
    }
}
