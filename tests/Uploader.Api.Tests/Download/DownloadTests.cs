using System.Net;
using System.Net.Http.Headers;

namespace Uploader.Api.Tests;

/// <summary>GET and HEAD /go-uploader/files/{file_id}: a completed task's merged file, whole, by range or conditionally.</summary>
public sealed class DownloadTests(UploaderFactory server) : IClassFixture<UploaderFactory>
{
    private const int ChunkSize = 4000;
    private const int Size = (3 * ChunkSize) + 123;

    [Fact]
    public async Task The_whole_file_comes_with_its_length_etag_ranges_and_name()
    {
        var (file, _) = await CompletedAsync();
        using var api = server.CreateApi();

        using var response = await api.Http.GetAsync(FilesUri(file.FileId));

        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(file.Md5, Md5Hex.Of(body));
        Assert.Equal(Size, response.Content.Headers.ContentLength);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{file.Md5}\"", response.Headers.ETag?.Tag);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal(["bytes"], response.Headers.AcceptRanges);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(file.Name, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task Head_gives_the_headers_of_get_without_a_body()
    {
        var (file, _) = await CompletedAsync();
        using var api = server.CreateApi();

        using var response = await api.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, FilesUri(file.FileId)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Size, response.Content.Headers.ContentLength);
        Assert.Equal($"\"{file.Md5}\"", response.Headers.ETag?.Tag);
        Assert.Equal(["bytes"], response.Headers.AcceptRanges);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=0-99", 0, 99)]
    [InlineData("bytes=5000-8999", 5000, 8999)]
    [InlineData("bytes=-100", Size - 100, Size - 1)]
    [InlineData("bytes=7000-", 7000, Size - 1)]
    [InlineData("bytes=12000-999999", 12000, Size - 1)]
    public async Task One_range_is_206_with_its_bytes_and_content_range(string range, int first, int last)
    {
        var (file, _) = await CompletedAsync();
        using var api = server.CreateApi();
        using var request = new HttpRequestMessage(HttpMethod.Get, FilesUri(file.FileId));
        request.Headers.TryAddWithoutValidation("Range", range);

        using var response = await api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(file.Bytes[first..(last + 1)].ToArray(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes {first}-{last}/{Size}", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(last - first + 1, response.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("bytes=12123-")]
    [InlineData("bytes=20000-20010")]
    public async Task A_range_outside_the_file_is_416_with_the_files_length(string range)
    {
        var (file, _) = await CompletedAsync();
        using var api = server.CreateApi();
        using var request = new HttpRequestMessage(HttpMethod.Get, FilesUri(file.FileId));
        request.Headers.TryAddWithoutValidation("Range", range);

        using var response = await api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal($"bytes */{Size}", response.Content.Headers.ContentRange?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Several_ranges_get_the_whole_file()
    {
        var (file, _) = await CompletedAsync();
        using var api = server.CreateApi();
        using var request = new HttpRequestMessage(HttpMethod.Get, FilesUri(file.FileId));
        request.Headers.TryAddWithoutValidation("Range", "bytes=0-9,100-109");

        using var response = await api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(file.Md5, Md5Hex.Of(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task If_none_match_with_the_md5_is_304_and_with_another_tag_the_file()
    {
        var (file, _) = await CompletedAsync();
        using var api = server.CreateApi();

        using var same = new HttpRequestMessage(HttpMethod.Get, FilesUri(file.FileId));
        same.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{file.Md5}\""));
        using var notModified = await api.Http.SendAsync(same);
        using var other = new HttpRequestMessage(HttpMethod.Get, FilesUri(file.FileId));
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{new string('0', 32)}\""));
        using var whole = await api.Http.SendAsync(other);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(file.Md5, Md5Hex.Of(await whole.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task If_match_with_another_tag_is_412_with_a_problem_that_says_so()
    {
        var (file, _) = await CompletedAsync();
        using var api = server.CreateApi();
        using var request = new HttpRequestMessage(HttpMethod.Get, FilesUri(file.FileId));
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{new string('0', 32)}\""));

        var problem = await api.Http.SendAsync(request).ExpectProblemAsync(412, "precondition_failed");

        Assert.Contains("If-Match", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task If_range_resumes_only_while_the_etag_is_the_same()
    {
        var (file, _) = await CompletedAsync();
        using var api = server.CreateApi();

        using var resume = new HttpRequestMessage(HttpMethod.Get, FilesUri(file.FileId));
        resume.Headers.TryAddWithoutValidation("Range", "bytes=6000-");
        resume.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue($"\"{file.Md5}\""));
        using var partial = await api.Http.SendAsync(resume);
        using var stale = new HttpRequestMessage(HttpMethod.Get, FilesUri(file.FileId));
        stale.Headers.TryAddWithoutValidation("Range", "bytes=6000-");
        stale.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue($"\"{new string('0', 32)}\""));
        using var whole = await api.Http.SendAsync(stale);

        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(file.Bytes[6000..].ToArray(), await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(file.Md5, Md5Hex.Of(await whole.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task A_utf8_name_is_sent_as_filename_star_with_an_ascii_fallback()
    {
        const string Name = "Åsa rapport 📄.pdf";
        var (file, _) = await CompletedAsync(Name);
        using var api = server.CreateApi();

        using var response = await api.Http.GetAsync(FilesUri(file.FileId));

        var disposition = response.Content.Headers.GetValues("Content-Disposition").Single();
        Assert.Contains("filename*=UTF-8''%C3%85sa%20rapport%20%F0%9F%93%84.pdf", disposition, StringComparison.Ordinal);
        var fallback = response.Content.Headers.ContentDisposition!.FileName!.Trim('"');
        Assert.True(fallback.All(char.IsAscii), fallback);
        Assert.EndsWith("sa rapport", fallback.Split('.')[0].TrimEnd('_', ' '), StringComparison.Ordinal);
        Assert.Equal(Name, response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal(file.Md5, Md5Hex.Of(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task A_file_under_a_relative_path_folder_is_sent_with_its_own_name()
    {
        var (file, mergedPath) = await CompletedAsync(relativePath: $"docs/{Guid.NewGuid():N}/report.txt");
        using var api = server.CreateApi();

        using var response = await api.Http.GetAsync(FilesUri(file.FileId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith("/report.txt", mergedPath, StringComparison.Ordinal);
        Assert.Equal("report.txt", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(file.Md5, Md5Hex.Of(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task A_file_id_with_a_slash_is_found_through_percent_2f()
    {
        var file = SourceFile.Random(100, 100);
        using var api = server.CreateApi();
        var id = $"folder/{file.FileId}";
        await api.UploadAsync(file.Request(0) with { FileId = id }).ExpectOkAsync();
        await api.MergeAsync(id, file.Md5).ExpectOkAsync();

        using var response = await api.Http.GetAsync(FilesUri(id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(file.Md5, Md5Hex.Of(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Download_needs_the_key()
    {
        var (file, _) = await CompletedAsync();
        using var anonymous = server.CreateClient();

        await anonymous.GetAsync(FilesUri(file.FileId)).ExpectProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task An_unknown_task_is_404_and_an_unmerged_one_409()
    {
        using var api = server.CreateApi();
        var unmerged = SourceFile.Random(Size, ChunkSize);
        await api.UploadAllAsync(unmerged);

        await api.Http.GetAsync(FilesUri("no-such-task")).ExpectProblemAsync(404, "task_not_found");
        var problem = await api.Http.GetAsync(FilesUri(unmerged.FileId)).ExpectProblemAsync(409, "invalid_state");
        Assert.Contains("uploading", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_merged_file_deleted_or_replaced_since_the_merge_is_410_file_gone()
    {
        var (deleted, deletedPath) = await CompletedAsync();
        var (replaced, replacedPath) = await CompletedAsync();
        using var api = server.CreateApi();
        await server.Stored.DeleteAsync(deletedPath);
        await server.Stored.DeleteAsync(replacedPath);
        await server.Stored.WriteAsync(replacedPath, deleted.Bytes.ToArray());

        var gone = await api.Http.GetAsync(FilesUri(deleted.FileId)).ExpectProblemAsync(410, "file_gone");
        var other = await api.Http.GetAsync(FilesUri(replaced.FileId)).ExpectProblemAsync(410, "file_gone");
        using var head = await api.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, FilesUri(deleted.FileId)));

        Assert.Contains("no longer in the merged folder", gone.Str("detail"), StringComparison.Ordinal);
        Assert.Contains("another file is there now", other.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, head.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_get_and_head_with_every_answer()
    {
        using var client = server.CreateClient();

        var document = await client.GetAsync(new Uri("swagger/v1/swagger.json", UriKind.Relative)).ExpectOkAsync();

        var path = document.GetProperty("paths").GetProperty("/go-uploader/files/{file_id}");
        foreach (var method in new[] { "get", "head" })
        {
            var responses = path.GetProperty(method).GetProperty("responses");
            Assert.Equal(
                ["200", "206", "302", "304", "400", "401", "404", "409", "410", "412", "416", "429"],
                responses.EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
            Assert.True(responses.GetProperty("410").GetProperty("content").Has("application/problem+json"), responses.ToString());
            var file = responses.GetProperty("200").GetProperty("content").GetProperty("application/octet-stream").GetProperty("schema");
            Assert.Equal("binary", file.Str("format"));
        }
    }

    private static Uri FilesUri(string fileId) => new($"go-uploader/files/{Uri.EscapeDataString(fileId)}", UriKind.Relative);

    /// <summary>Uploads and merges a file of <see cref="Size"/> bytes; returns it with its merged file's handle in the server's store.</summary>
    private async Task<(SourceFile File, string MergedPath)> CompletedAsync(string? name = null, string? relativePath = null)
    {
        using var api = server.CreateApi();
        var file = SourceFile.Random(Size, ChunkSize, name ?? (relativePath is null ? null : Path.GetFileName(relativePath)));
        foreach (var index in file.Indexes)
        {
            await api.UploadAsync(file.Request(index) with { RelativePath = relativePath }).ExpectOkAsync();
        }

        var merged = await api.MergeOkAsync(file);
        return (file, server.Stored.Merged(merged.Str("file_path")!));
    }
}
