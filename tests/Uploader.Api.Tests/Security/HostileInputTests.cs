using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Uploader.Api.Tests;

/// <summary>
/// Scenario 7 of issue 4: the hostile input catalogue. Paths in relative_path/filename and the chunk part's file
/// name are covered case by case in <see cref="PathSafetyTests"/> (../, absolute, backslash, drive letters, NUL,
/// newline, reserved device, Unicode slashes), missing/non-numeric fields, -1 indexes, malformed md5, totals
/// changed mid-task and a non-multipart body in <see cref="UploadErrorTests"/>, a text/plain batch in
/// <see cref="ContractEdgeTests"/>; this catalogue adds what they do not, runs it on one server, and checks that
/// nothing is written outside the configured folders and that the server is still ready afterwards.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private const string Upload = "go-uploader/upload_chunk";
    private const string Merge = "go-uploader/merge_chunks";

    [Fact]
    public async Task Every_hostile_input_gets_its_contract_code_writes_nothing_outside_and_the_server_stays_ready()
    {
        await using var server = new UploaderFactory();
        using var api = server.CreateApi();
        var outside = Path.GetDirectoryName(server.Root)!;
        var outsideBefore = Snapshot(outside, server.Root);

        var cases = Catalogue(api).ToList();
        var failures = new List<string>();
        foreach (var (name, send, status, code) in cases)
        {
            try
            {
                if (status == 200)
                {
                    await send().ExpectOkAsync();
                }
                else
                {
                    await send().ExpectProblemAsync(status, code);
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{name}: {ex.Message}");
            }
        }

        output.WriteLine($"{cases.Count} hostile inputs tried, {failures.Count} failed");
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Odd file_ids are names, never paths: a task named ../../x or /etc/passwd lives in the database only.
        foreach (var id in new[] { "../../x", "/etc/passwd", "..\\..\\x", "a/../../../../tmp/x" })
        {
            var file = SourceFile.Random(20, 10);
            await api.UploadAsync(file.Request(0) with { FileId = id }).ExpectOkAsync();
            await api.UploadAsync(file.Request(1) with { FileId = id }).ExpectOkAsync();
            Assert.Equal(file.Md5, (await api.MergeAsync(id, file.Md5).ExpectOkAsync()).Str("md5"));
            await api.StatusAsync(id).ExpectOkAsync();
        }

        Assert.Equal(
            TestStore.ServerFolderEntries,
            Directory.GetFileSystemEntries(server.Root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(
            Directory.GetFiles(server.MergedDir, "*", SearchOption.AllDirectories),
            f => Assert.StartsWith("file-", Path.GetFileName(f), StringComparison.Ordinal));

        // Other test classes create and remove their own GUID-named folders beside this one meanwhile.
        var added = Snapshot(outside, server.Root).Except(outsideBefore).ToList();
        Assert.True(added.TrueForAll(IsTestFolder), string.Join(", ", added));
        Assert.All(HostilePaths.EscapeTargets(server.MergedDir), path => Assert.False(File.Exists(path), path));
        await api.Http.GetAsync(new Uri("go-uploader/health/ready", UriKind.Relative)).ExpectOkAsync();
    }

    [Fact]
    public async Task Chunks_that_do_not_add_up_to_file_size_fail_the_merge_with_size_mismatch()
    {
        await using var server = new UploaderFactory();
        using var api = server.CreateApi();
        var id = $"task-{Guid.NewGuid():N}";
        byte[][] parts = [new byte[10], new byte[10], new byte[1]];
        for (var i = 0; i < parts.Length; i++)
        {
            await api.UploadAsync(new ChunkRequest(id, i, 3, 25, parts[i]) { FileName = $"file-{id}.bin" }).ExpectOkAsync();
        }

        await api.MergeAsync(id).ExpectProblemAsync(422, "size_mismatch");
        Assert.Empty(Directory.GetFiles(server.MergedDir, "*", SearchOption.AllDirectories));
        await api.ExpectStoredAsync(id, 0, 1, 2);
    }

    [Fact]
    public async Task Oversized_headers_are_refused_by_Kestrel_and_the_server_stays_ready()
    {
        using var server = await ProcessServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        await server.ExplainFailuresAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "go-uploader/upload_status?file_id=x");
            request.Headers.Add("X-Secret-Key", UploaderFactory.SecretKey);
            request.Headers.Add("X-Huge", new string('a', 64 * 1024));
            using var answer = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, answer.StatusCode);

            using var longUrl = await http.GetAsync(new Uri($"go-uploader/upload_status?file_id={new string('a', 20_000)}", UriKind.Relative));
            Assert.True((int)longUrl.StatusCode is 414 or 431 or 400, $"long URL answered {(int)longUrl.StatusCode}");

            using var ready = await http.GetAsync(new Uri("go-uploader/health/ready", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        });
    }

    private static IEnumerable<(string Name, Func<Task<HttpResponseMessage>> Send, int Status, string Code)> Catalogue(UploaderApi api)
    {
        static ChunkRequest Fresh() => SourceFile.Random(10, 10).Request(0);
        Func<Task<HttpResponseMessage>> Chunk(ChunkRequest request) => () => api.UploadAsync(request);

        // Paths beyond PathSafetyTests' catalogue.
        yield return ("relative_path of 4,000 characters", Chunk(Fresh() with { RelativePath = string.Join('/', Enumerable.Repeat(new string('a', 99), 40)) + ".txt" }), 400, "invalid_path");
        yield return ("filename of 4,000 characters", Chunk(Fresh() with { FileName = new string('a', 3996) + ".txt" }), 400, "invalid_path");
        yield return ("relative_path with a tab", Chunk(Fresh() with { RelativePath = "a\tb.txt" }), 400, "invalid_path");
        yield return ("relative_path with DEL", Chunk(Fresh() with { RelativePath = "a\u007fb.txt" }), 400, "invalid_path");
        yield return ("filename with NUL", Chunk(Fresh() with { FileName = "a\0.txt" }), 400, "invalid_path");
        yield return ("filename drive letter", Chunk(Fresh() with { FileName = "C:evil.txt" }), 400, "invalid_path");
        yield return ("filename reserved NUL device", Chunk(Fresh() with { FileName = "NUL" }), 400, "invalid_path");
        yield return ("filename reserved COM1", Chunk(Fresh() with { FileName = "com1.txt" }), 400, "invalid_path");
        yield return ("relative_path UNC", Chunk(Fresh() with { RelativePath = "\\\\server\\share\\x.txt" }), 400, "invalid_path");
        yield return ("relative_path big solidus look-alike", Chunk(Fresh() with { RelativePath = "..\u29F8x.txt" }), 400, "invalid_path");
        yield return ("relative_path fraction slash", Chunk(Fresh() with { RelativePath = "..\u2044x.txt" }), 400, "invalid_path");
        yield return ("relative_path dot only", Chunk(Fresh() with { RelativePath = "." }), 400, "invalid_path");

        // file_id: any 1-200 characters without control characters.
        yield return ("file_id of 5,000 characters", Chunk(Fresh() with { FileId = new string('x', 5000) }), 400, "validation_failed");
        yield return ("file_id of 201 characters", Chunk(Fresh() with { FileId = new string('x', 201) }), 400, "validation_failed");
        yield return ("file_id with NUL", Chunk(Fresh() with { FileId = "a\0b" }), 400, "validation_failed");
        yield return ("file_id with newline", Chunk(Fresh() with { FileId = "a\nb" }), 400, "validation_failed");
        yield return ("empty file_id", Chunk(Fresh().WithField("file_id", string.Empty)), 400, "validation_failed");
        yield return ("status of a 5,000-character file_id", () => api.StatusAsync(new string('x', 5000)), 400, "validation_failed");
        yield return ("merge of a 5,000-character file_id", () => api.MergeAsync(new string('x', 5000)), 400, "validation_failed");
        yield return ("status of /etc/passwd (no such task)", () => api.StatusAsync("/etc/passwd"), 404, "task_not_found");
        yield return ("merge of ../../x (no such task)", () => api.MergeAsync("../../x"), 404, "task_not_found");

        // Numbers
        foreach (var field in new[] { "chunk_index", "total_chunks", "file_size", "chunk_size" })
        {
            yield return ($"{field} huge", Chunk(Fresh().WithField(field, "99999999999999999999")), 400, "validation_failed");
            yield return ($"{field} negative", Chunk(Fresh().WithField(field, "-5")), 400, "validation_failed");
            yield return ($"{field} hex", Chunk(Fresh().WithField(field, "0x10")), 400, "validation_failed");
            if (field != "chunk_size")
            {
                // chunk_size is optional: empty means absent.
                yield return ($"{field} empty", Chunk(Fresh().WithField(field, string.Empty)), 400, "validation_failed");
            }

            yield return ($"{field} exponent", Chunk(Fresh().WithField(field, "1e3")), 400, "validation_failed");
            yield return ($"{field} Arabic-Indic digit", Chunk(Fresh().WithField(field, "\u0661")), 400, "validation_failed");
        }

        yield return ("chunk_index int.MaxValue", Chunk(Fresh().WithField("chunk_index", "2147483647")), 400, "validation_failed");
        yield return ("total_chunks zero", Chunk(Fresh().WithField("total_chunks", "0")), 400, "validation_failed");
        yield return ("total_chunks above max_chunks", Chunk(Fresh().WithField("total_chunks", "1001")), 400, "validation_failed");
        yield return ("file_size long.MaxValue", Chunk(Fresh().WithField("file_size", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture))), 413, "file_too_large");
        yield return ("merge total_chunks non-numeric", () => api.MergeJsonAsync(new JsonObject { ["file_id"] = "x", ["total_chunks"] = "many" }), 400, "validation_failed");

        // md5
        yield return ("md5 of 64 hex digits", Chunk(Fresh() with { Md5 = new string('a', 64) }), 400, "validation_failed");
        yield return ("md5 with a space", Chunk(Fresh() with { Md5 = "0123456789abcdef 0123456789abcde" }), 400, "validation_failed");
        yield return ("md5 well-formed but wrong", Chunk(Fresh() with { Md5 = new string('0', 32) }), 422, "checksum_mismatch");
        yield return ("merge expected_md5 malformed", () => api.MergeAsync("x", expectedMd5: "zz"), 400, "validation_failed");

        // Multipart framing and content types.
        yield return ("multipart without boundary", () => Raw(api, Upload, "multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"file_id\"\r\n\r\na\r\n--x--\r\n"), 400, "validation_failed");
        yield return ("multipart cut mid-part", () => Raw(api, Upload, "multipart/form-data; boundary=x", MultipartPrefix("cut") + "Content-Disposition: form-data; name=\"chunk\"; filename=\"b\"\r\n\r\nabc"), 400, "validation_failed");
        yield return ("multipart field cut mid-part", () => Raw(api, Upload, "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file_id\"\r\n\r\nabc"), 400, "validation_failed");
        yield return ("multipart without closing boundary", () => Raw(api, Upload, "multipart/form-data; boundary=x", MultipartPrefix("open") + "Content-Disposition: form-data; name=\"chunk\"; filename=\"b\"\r\n\r\n0123456789\r\n"), 400, "validation_failed");
        yield return ("multipart with a boundary that never appears", () => Raw(api, Upload, "multipart/form-data; boundary=nothere", MultipartPrefix("wrong")), 400, "validation_failed");
        yield return ("multipart part without headers", () => Raw(api, Upload, "multipart/form-data; boundary=x", "--x\r\n\r\nabc\r\n--x--\r\n"), 400, "validation_failed");
        yield return ("multipart empty body", () => Raw(api, Upload, "multipart/form-data; boundary=x", string.Empty), 400, "validation_failed");
        yield return ("multipart boundary of 300 characters", () => Raw(api, Upload, $"multipart/form-data; boundary={new string('b', 300)}", "--x--\r\n"), 400, "validation_failed");
        yield return ("missing file part", Chunk(Fresh().Without(ChunkRequest.FilePart)), 400, "validation_failed");
        yield return ("two file parts", () => TwoFileParts(api), 400, "validation_failed");
        yield return ("upload as application/json", () => Raw(api, Upload, "application/json", "{\"file_id\":\"a\",\"chunk_index\":0}"), 400, "validation_failed");
        yield return ("upload as text/plain", () => Raw(api, Upload, "text/plain", "file_id=a"), 400, "validation_failed");
        yield return ("upload without a content type", () => Raw(api, Upload, null, "abc"), 400, "validation_failed");
        yield return ("merge as text/plain (no form or JSON: file_id missing)", () => Raw(api, Merge, "text/plain", "file_id=a"), 400, "validation_failed");
        yield return ("merge with malformed JSON", () => Raw(api, Merge, "application/json", "{\"file_id\": "), 400, "validation_failed");
        yield return ("merge with a JSON array", () => Raw(api, Merge, "application/json", "[1,2]"), 400, "validation_failed");
        yield return ("merge without file_id", () => Raw(api, Merge, "application/x-www-form-urlencoded", "filename=a"), 400, "validation_failed");
        yield return ("batch with malformed JSON", () => Raw(api, "go-uploader/tasks/batch", "application/json", "{"), 400, "validation_failed");

        // Oversized body: a chunk part of 3 MiB against max_chunk_size 1 MiB.
        var big = new byte[3 * 1024 * 1024];
        yield return ("chunk of 3 MiB", Chunk(new ChunkRequest($"task-{Guid.NewGuid():N}", 0, 1, big.Length, big)), 413, "chunk_too_large");

        // Totals changed mid-task: total_chunks and file_size are in UploadErrorTests.Layout_that_differs_from_the_task_is_a_mismatch.
        var layout = SourceFile.Random(40, 10);
        yield return ("chunk_size set, first chunk", () => api.UploadAsync(layout.Request(0) with { ChunkSize = 10 }), 200, "ok");
        yield return ("total_chunks changed mid-task", Chunk(layout.Request(1) with { TotalChunks = 5 }), 409, "task_mismatch");
        yield return ("file_size changed mid-task", Chunk(layout.Request(1) with { FileSize = 41 }), 409, "task_mismatch");
    }

    private static string MultipartPrefix(string id) =>
        $"--x\r\nContent-Disposition: form-data; name=\"file_id\"\r\n\r\nframing-{id}\r\n"
        + "--x\r\nContent-Disposition: form-data; name=\"chunk_index\"\r\n\r\n0\r\n"
        + "--x\r\nContent-Disposition: form-data; name=\"total_chunks\"\r\n\r\n1\r\n"
        + "--x\r\nContent-Disposition: form-data; name=\"file_size\"\r\n\r\n10\r\n--x\r\n";

    private static async Task<HttpResponseMessage> Raw(UploaderApi api, string path, string? contentType, string body)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return await api.Http.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    private static async Task<HttpResponseMessage> TwoFileParts(UploaderApi api)
    {
        var request = SourceFile.Random(10, 10).Request(0);
        using var content = request.ToContent();
        var second = new ByteArrayContent(new byte[10]);
        second.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(second, ChunkRequest.FilePart, "other");
        return await api.Http.PostAsync(new Uri(Upload, UriKind.Relative), content);
    }

    private static bool IsTestFolder(string path)
    {
        var name = Path.GetFileName(path);
        return Directory.Exists(path) && (Guid.TryParseExact(name, "N", out _) || name.StartsWith("tmpfs-", StringComparison.Ordinal));
    }

    private static HashSet<string> Snapshot(string root, string except) =>
        Directory.EnumerateFileSystemEntries(root)
            .Where(p => p != except)
            .ToHashSet(StringComparer.Ordinal);
}
