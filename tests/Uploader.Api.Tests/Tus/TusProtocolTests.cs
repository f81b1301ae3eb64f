using System.Security.Cryptography;

namespace Uploader.Api.Tests;

/// <summary>
/// /go-uploader/tus/ over HTTP as the tus 1.0 specification words it: the core protocol and the creation,
/// creation-with-upload, creation-defer-length, termination, checksum and expiration extensions, each status code and
/// header (concatenation: <see cref="TusConcatenationTests"/>).
/// </summary>
public sealed class TusProtocolTests
{
    private const int ChunkSize = 64 * 1024;

    private static UploaderFactory SmallChunks() => UploaderFactory.With(config => config["max_chunk_size"] = ChunkSize);

    [Fact]
    public async Task Options_is_public_and_names_the_version_extensions_max_size_and_checksum_algorithms()
    {
        await using var factory = UploaderFactory.With(config => config["max_file_size"] = 123_456_789);
        using var anonymous = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(TusCalls.Endpoint, UriKind.Relative));

        using var response = await anonymous.SendAsync(request);

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal("1.0.0", TusCalls.Header(response, "Tus-Resumable"));
        Assert.Equal("1.0.0", TusCalls.Header(response, "Tus-Version"));
        Assert.Equal("creation,creation-with-upload,creation-defer-length,termination,checksum,expiration,concatenation", TusCalls.Header(response, "Tus-Extension"));
        Assert.Equal("123456789", TusCalls.Header(response, "Tus-Max-Size"));
        Assert.Equal("md5,sha1,sha256", TusCalls.Header(response, "Tus-Checksum-Algorithm"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0.2.2")]
    public async Task A_request_without_tus_resumable_1_0_0_is_412_with_tus_version(string? version)
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(TusCalls.Endpoint, UriKind.Relative));
        request.Headers.Add("Upload-Length", "10");
        if (version is not null)
        {
            request.Headers.Add("Tus-Resumable", version);
        }

        var response = api.Http.SendAsync(request);

        await response.ExpectProblemAsync(412, "tus_version_unsupported");
        Assert.Equal("1.0.0", TusCalls.Header(await response, "Tus-Version"));
        Assert.Equal(0, (await api.Http.GetAsync(new Uri("go-uploader/tasks", UriKind.Relative)).ExpectOkAsync()).Number("total"));
    }

    [Fact]
    public async Task Every_request_but_options_needs_the_key()
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();
        var upload = await api.Http.CreateAsync(10);
        using var anonymous = factory.CreateClient();

        using var head = TusCalls.Request(HttpMethod.Head, upload);
        Assert.Equal(401, (int)(await anonymous.SendAsync(head)).StatusCode);
        await anonymous.PatchAsync(upload, 0, new byte[10]).ExpectProblemAsync(401, "unauthorized");
        using var create = TusCalls.Request(HttpMethod.Post, TusCalls.Endpoint);
        create.Headers.Add("Upload-Length", "10");
        await anonymous.SendAsync(create).ExpectProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task The_consoles_session_stands_for_the_key_and_its_cookie_from_another_origin_is_refused()
    {
        await using var factory = SmallChunks();
        using var api = factory.CreateApi();
        using var browser = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        var session = await SessionCalls.SessionIdAsync(browser);

        // A browser sends its Origin on every POST and PATCH; the test server's own is http://localhost.
        using var create = SessionCalls.WithSession(HttpMethod.Post, "/" + TusCalls.Endpoint, session, origin: "http://localhost");
        create.Headers.Add("Tus-Resumable", "1.0.0");
        create.Headers.Add("Upload-Length", "4");
        create.Headers.Add("Upload-Metadata", TusCalls.Metadata(("filename", "by-session.bin")));
        using var created = await browser.SendAsync(create);
        Assert.Equal(201, (int)created.StatusCode);
        var upload = created.Headers.Location!.OriginalString;

        using var elsewhere = SessionCalls.WithSession(HttpMethod.Patch, upload, session, origin: "https://elsewhere.example");
        elsewhere.Headers.Add("Tus-Resumable", "1.0.0");
        elsewhere.Headers.Add("Upload-Offset", "0");
        elsewhere.Content = new ByteArrayContent([1, 2, 3, 4]);
        elsewhere.Content.Headers.ContentType = new(TusCalls.OffsetStream);
        await browser.SendAsync(elsewhere).ExpectProblemAsync(403, "forbidden_origin");
        Assert.Equal(0, await api.Http.OffsetAsync(upload.TrimStart('/')));

        using var patch = SessionCalls.WithSession(HttpMethod.Patch, upload, session, origin: "http://localhost");
        patch.Headers.Add("Tus-Resumable", "1.0.0");
        patch.Headers.Add("Upload-Offset", "0");
        patch.Content = new ByteArrayContent([1, 2, 3, 4]);
        patch.Content.Headers.ContentType = new(TusCalls.OffsetStream);
        using var patched = await browser.SendAsync(patch);
        Assert.Equal(204, (int)patched.StatusCode);
        var task = await api.WaitForCompletedAsync(TusCalls.IdOf(upload));
        Assert.Equal("by-session.bin", task.Str("filename"));
    }

    [Fact]
    public async Task Creation_answers_201_with_location_and_expiry_and_the_upload_is_a_task_named_by_its_metadata()
    {
        await using var factory = UploaderFactory.With(config => config["task_expiry_hours"] = 5);
        using var api = factory.CreateApi();
        using var request = TusCalls.Request(HttpMethod.Post, TusCalls.Endpoint);
        request.Headers.Add("Upload-Length", "1000");
        request.Headers.Add("Upload-Metadata", TusCalls.Metadata(("filename", "报告.pdf"), ("relative_path", "docs/2026/报告.pdf"), ("filetype", "application/pdf")));
        var before = DateTimeOffset.UtcNow;

        using var response = await api.Http.SendAsync(request);

        Assert.Equal(201, (int)response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Matches("^/go-uploader/tus/tus-[0-9a-f]{32}$", location);
        var expires = DateTimeOffset.Parse(TusCalls.Header(response, "Upload-Expires"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, before.AddHours(5).AddSeconds(-2), DateTimeOffset.UtcNow.AddHours(5).AddSeconds(1));
        var task = await api.Http.GetAsync(new Uri($"go-uploader/tasks/{TusCalls.IdOf(location)}", UriKind.Relative)).ExpectOkAsync();
        Assert.Equal("报告.pdf", task.Str("filename"));
        Assert.Equal("docs/2026/报告.pdf", task.Str("relative_path"));
        Assert.Equal(1000, task.Number("file_size"));
        Assert.Equal("uploading", task.Str("status"));
    }

    [Theory]
    [InlineData("null", "uppy.bin")]
    [InlineData("/album/disc/uppy.bin", "album/disc/uppy.bin")]
    [InlineData("", "uppy.bin")]
    public async Task Uppys_relative_path_null_and_leading_slash_are_read_as_uppy_means_them(string relativePath, string expected)
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();

        var upload = await api.Http.CreateAsync(10, TusCalls.Metadata(("relativePath", relativePath), ("name", "uppy.bin"), ("type", "application/octet-stream")));

        var task = await api.Http.GetAsync(new Uri($"go-uploader/tasks/{TusCalls.IdOf(upload)}", UriKind.Relative)).ExpectOkAsync();
        Assert.Equal(expected, task.Str("relative_path"));
    }

    public static TheoryData<string, string?, string?, int, string> BadCreations => new()
    {
        { "no Upload-Length", null, null, 400, "validation_failed" },
        { "a negative length", "-1", null, 400, "validation_failed" },
        { "a length that is no number", "12kb", null, 400, "validation_failed" },
        { "above max_file_size", "2000001", null, 413, "file_too_large" },
        { "metadata that is not base64", "10", "filename ***", 400, "validation_failed" },
        { "a key twice", "10", TusCalls.Metadata(("filename", "a"), ("filename", "b")), 400, "validation_failed" },
        { "a path out of merged_dir", "10", TusCalls.Metadata(("relative_path", "../../etc/passwd")), 400, "invalid_path" },
    };

    [Theory]
    [MemberData(nameof(BadCreations))]
    public async Task A_refused_creation_names_its_code_and_creates_nothing(string why, string? length, string? metadata, int status, string code)
    {
        await using var factory = UploaderFactory.With(config => config["max_file_size"] = 2_000_000);
        using var api = factory.CreateApi();
        using var request = TusCalls.Request(HttpMethod.Post, TusCalls.Endpoint);
        if (length is not null)
        {
            request.Headers.Add("Upload-Length", length);
        }

        if (metadata is not null)
        {
            request.Headers.TryAddWithoutValidation("Upload-Metadata", metadata);
        }

        await api.Http.SendAsync(request).ExpectProblemAsync(status, code);

        Assert.True(0 == (await api.Http.GetAsync(new Uri("go-uploader/tasks", UriKind.Relative)).ExpectOkAsync()).Number("total"), why);
    }

    [Theory]
    [InlineData("10", "1")]
    [InlineData(null, "2")]
    public async Task Upload_defer_length_is_1_alone(string? length, string deferred)
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();
        using var request = TusCalls.Request(HttpMethod.Post, TusCalls.Endpoint);
        request.Headers.Add("Upload-Defer-Length", deferred);
        if (length is not null)
        {
            request.Headers.Add("Upload-Length", length);
        }

        await api.Http.SendAsync(request).ExpectInvalidFieldAsync("Upload-Defer-Length");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_deferred_length_is_named_by_a_later_patch_and_the_upload_completes(bool lengthAfterTheLastByte)
    {
        await using var factory = SmallChunks();
        using var api = factory.CreateApi();
        var bytes = RandomNumberGenerator.GetBytes((2 * ChunkSize) + 5_000);
        using var create = TusCalls.Request(HttpMethod.Post, TusCalls.Endpoint);
        create.Headers.Add("Upload-Defer-Length", "1");
        create.Headers.Add("Upload-Metadata", TusCalls.Metadata(("filename", "deferred.bin")));
        using var created = await api.Http.SendAsync(create);
        Assert.Equal(201, (int)created.StatusCode);
        var upload = created.Headers.Location!.OriginalString.TrimStart('/');

        using (var head = await api.Http.HeadAsync(upload))
        {
            Assert.Equal("1", TusCalls.Header(head, "Upload-Defer-Length"));
            Assert.False(head.Headers.Contains("Upload-Length"));
        }

        (await api.Http.PatchAsync(upload, 0, bytes[..100_000])).Dispose();
        var rest = bytes[100_000..];
        using var last = TusCalls.Request(HttpMethod.Patch, upload);
        last.Headers.Add("Upload-Offset", lengthAfterTheLastByte ? bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : "100000");
        last.Headers.Add("Upload-Length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (lengthAfterTheLastByte)
        {
            (await api.Http.PatchAsync(upload, 100_000, rest)).Dispose();
            Assert.Equal(bytes.Length, await api.Http.OffsetAsync(upload));
            rest = [];
        }

        last.Content = new ByteArrayContent(rest);
        last.Content.Headers.ContentType = new("application/offset+octet-stream");
        using (var response = await api.Http.SendAsync(last))
        {
            Assert.True(204 == (int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var task = await api.WaitForCompletedAsync(TusCalls.IdOf(upload));
        Assert.Equal(Md5Hex.Of(bytes), task.Str("md5"));
        Assert.Equal(bytes.Length, task.Number("file_size"));
        using var done = await api.Http.HeadAsync(upload);
        Assert.Equal(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), TusCalls.Header(done, "Upload-Length"));
    }

    [Fact]
    public async Task A_length_below_what_arrived_or_another_than_the_uploads_is_422_size_mismatch()
    {
        await using var factory = SmallChunks();
        using var api = factory.CreateApi();
        using var create = TusCalls.Request(HttpMethod.Post, TusCalls.Endpoint);
        create.Headers.Add("Upload-Defer-Length", "1");
        var deferred = (await api.Http.SendAsync(create)).Headers.Location!.OriginalString.TrimStart('/');
        (await api.Http.PatchAsync(deferred, 0, new byte[100_000])).Dispose();
        var known = await api.Http.CreateAsync(50);

        foreach (var (upload, offset, length) in new[] { (deferred, 100_000, "99999"), (known, 0, "51") })
        {
            using var patch = TusCalls.Request(HttpMethod.Patch, upload);
            patch.Headers.Add("Upload-Offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
            patch.Headers.Add("Upload-Length", length);
            patch.Content = new ByteArrayContent([]);
            patch.Content.Headers.ContentType = new("application/offset+octet-stream");
            await api.Http.SendAsync(patch).ExpectProblemAsync(422, "size_mismatch");
        }

        using var head = await api.Http.HeadAsync(deferred);
        Assert.Equal("1", TusCalls.Header(head, "Upload-Defer-Length"));
    }

    [Fact]
    public async Task Patches_of_any_size_append_head_reports_the_offset_and_the_last_byte_merges_the_file()
    {
        await using var factory = SmallChunks();
        using var api = factory.CreateApi();
        var bytes = RandomNumberGenerator.GetBytes((3 * ChunkSize) + 12_345);
        var metadata = TusCalls.Metadata(("filename", "ignored.bin"), ("relative_path", "tus/in/parts.bin"));
        var upload = await api.Http.CreateAsync(bytes.Length, metadata);
        Assert.Equal(0, await api.Http.OffsetAsync(upload));

        // Three PATCHes that end mid-chunk, each continuing the part of a chunk the one before left.
        long offset = 0;
        foreach (var size in new[] { 100_000, 1, 70_000 })
        {
            using var response = await api.Http.PatchAsync(upload, offset, bytes[(int)offset..(int)(offset + size)]);
            Assert.Equal(204, (int)response.StatusCode);
            offset += size;
            Assert.Equal(offset.ToString(System.Globalization.CultureInfo.InvariantCulture), TusCalls.Header(response, "Upload-Offset"));
            Assert.Equal(offset, await api.Http.OffsetAsync(upload));
        }

        using (var head = await api.Http.HeadAsync(upload))
        {
            Assert.Equal(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), TusCalls.Header(head, "Upload-Length"));
            Assert.Equal(metadata, TusCalls.Header(head, "Upload-Metadata"));
            Assert.Equal("no-store", TusCalls.Header(head, "Cache-Control"));
            Assert.Equal("1.0.0", TusCalls.Header(head, "Tus-Resumable"));
        }

        using (var last = await api.Http.PatchAsync(upload, offset, bytes[(int)offset..]))
        {
            Assert.Equal(204, (int)last.StatusCode);
            Assert.Equal(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), TusCalls.Header(last, "Upload-Offset"));
        }

        var task = await api.WaitForCompletedAsync(TusCalls.IdOf(upload));
        Assert.Equal(Md5Hex.Of(bytes), task.Str("md5"));
        Assert.Equal("tus/in/parts.bin", task.Str("file_path"));
        Assert.Equal(bytes, await api.Http.GetByteArrayAsync(new Uri($"go-uploader/files/{TusCalls.IdOf(upload)}", UriKind.Relative)));
        Assert.Equal(4, task.GetProperty("chunks").GetArrayLength());
    }

    [Fact]
    public async Task A_patch_at_another_offset_is_409_naming_the_upload_offset_and_changes_nothing()
    {
        await using var factory = SmallChunks();
        using var api = factory.CreateApi();
        var upload = await api.Http.CreateAsync(100_000);
        (await api.Http.PatchAsync(upload, 0, new byte[70_000])).Dispose();

        var problem = await api.Http.PatchAsync(upload, 60_000, new byte[10_000]).ExpectProblemAsync(409, "offset_mismatch");

        Assert.Equal(70_000, problem.Number("upload_offset"));
        Assert.Equal(70_000, await api.Http.OffsetAsync(upload));
    }

    [Fact]
    public async Task A_patch_of_another_content_type_is_415_and_one_without_upload_offset_is_400()
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();
        var upload = await api.Http.CreateAsync(10);

        await api.Http.PatchAsync(upload, 0, new byte[10], contentType: "application/octet-stream").ExpectProblemAsync(415, "wrong_content_type");
        using var noOffset = TusCalls.Request(HttpMethod.Patch, upload);
        noOffset.Content = new ByteArrayContent(new byte[10]);
        noOffset.Content.Headers.ContentType = new("application/offset+octet-stream");
        await api.Http.SendAsync(noOffset).ExpectInvalidFieldAsync("Upload-Offset");
        Assert.Equal(0, await api.Http.OffsetAsync(upload));
    }

    [Theory]
    [InlineData("md5")]
    [InlineData("sha1")]
    [InlineData("sha256")]
    public async Task A_patch_whose_body_matches_upload_checksum_is_kept_and_one_that_does_not_is_460_and_stores_nothing(string algorithm)
    {
        await using var factory = SmallChunks();
        using var api = factory.CreateApi();
        var bytes = RandomNumberGenerator.GetBytes(150_000);
        var upload = await api.Http.CreateAsync(bytes.Length * 2L);
        // md5 and sha1 are what tus clients send to detect corruption in transit.
        using var hash = IncrementalHash.CreateHash(algorithm switch
        {
            "md5" => HashAlgorithmName.MD5,
            "sha1" => HashAlgorithmName.SHA1,
            _ => HashAlgorithmName.SHA256,
        });
        hash.AppendData(bytes);
        var digest = Convert.ToBase64String(hash.GetHashAndReset());

        var wrong = bytes.ToArray();
        wrong[^1] ^= 1;
        await api.Http.PatchAsync(upload, 0, wrong, $"{algorithm} {digest}").ExpectProblemAsync(460, "checksum_mismatch");
        Assert.Equal(0, await api.Http.OffsetAsync(upload));
        Assert.Empty((await api.Http.GetAsync(new Uri($"go-uploader/tasks/{TusCalls.IdOf(upload)}", UriKind.Relative)).ExpectOkAsync()).GetProperty("chunks").EnumerateArray());

        using var right = await api.Http.PatchAsync(upload, 0, bytes, $"{algorithm} {digest}");
        Assert.Equal(204, (int)right.StatusCode);
        Assert.Equal(150_000, await api.Http.OffsetAsync(upload));
    }

    [Fact]
    public async Task An_unsupported_checksum_algorithm_is_400()
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();
        var upload = await api.Http.CreateAsync(10);

        await api.Http.PatchAsync(upload, 0, new byte[10], "crc32 AAAAAA==").ExpectInvalidFieldAsync("Upload-Checksum");
    }

    [Fact]
    public async Task Creation_with_upload_stores_the_bytes_of_the_post_and_answers_their_offset()
    {
        await using var factory = SmallChunks();
        using var api = factory.CreateApi();
        var bytes = RandomNumberGenerator.GetBytes(100_000);
        using var request = TusCalls.Request(HttpMethod.Post, TusCalls.Endpoint);
        request.Headers.Add("Upload-Length", "100000");
        request.Headers.Add("Upload-Metadata", TusCalls.Metadata(("filename", "at-once.bin")));
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new("application/offset+octet-stream");

        using var response = await api.Http.SendAsync(request);

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("100000", TusCalls.Header(response, "Upload-Offset"));
        var task = await api.WaitForCompletedAsync(TusCalls.IdOf(response.Headers.Location!.OriginalString));
        Assert.Equal(Md5Hex.Of(bytes), task.Str("md5"));
    }

    [Fact]
    public async Task Termination_removes_the_upload_and_its_task_and_then_it_is_404()
    {
        await using var factory = SmallChunks();
        using var api = factory.CreateApi();
        var upload = await api.Http.CreateAsync(100_000);
        (await api.Http.PatchAsync(upload, 0, new byte[70_000])).Dispose();

        using (var delete = TusCalls.Request(HttpMethod.Delete, upload))
        {
            Assert.Equal(204, (int)(await api.Http.SendAsync(delete)).StatusCode);
        }

        Assert.Equal(404, (int)(await api.Http.HeadAsync(upload)).StatusCode);
        await api.Http.PatchAsync(upload, 70_000, new byte[10]).ExpectProblemAsync(404, "task_not_found");
        await api.Http.GetAsync(new Uri($"go-uploader/tasks/{TusCalls.IdOf(upload)}", UriKind.Relative)).ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task A_paused_upload_answers_patch_with_423_task_paused_until_it_is_resumed()
    {
        await using var factory = SmallChunks();
        using var api = factory.CreateApi();
        var upload = await api.Http.CreateAsync(100_000);
        (await api.Http.PatchAsync(upload, 0, new byte[70_000])).Dispose();
        await api.PauseAsync(TusCalls.IdOf(upload)).ExpectOkAsync();

        await api.Http.PatchAsync(upload, 70_000, new byte[30_000]).ExpectProblemAsync(423, "task_paused");
        Assert.Equal(70_000, await api.Http.OffsetAsync(upload));

        await api.ResumeAsync(TusCalls.IdOf(upload)).ExpectOkAsync();
        using var resumed = await api.Http.PatchAsync(upload, 70_000, new byte[30_000]);
        Assert.Equal(204, (int)resumed.StatusCode);
    }

    [Fact]
    public async Task X_http_method_override_on_a_post_is_taken_as_the_method_it_names()
    {
        await using var factory = SmallChunks();
        using var api = factory.CreateApi();
        var upload = await api.Http.CreateAsync(10);
        using var patch = TusCalls.Request(HttpMethod.Post, upload);
        patch.Headers.Add("X-HTTP-Method-Override", "PATCH");
        patch.Headers.Add("Upload-Offset", "0");
        patch.Content = new ByteArrayContent(new byte[4]);
        patch.Content.Headers.ContentType = new("application/offset+octet-stream");

        using var response = await api.Http.SendAsync(patch);

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal(4, await api.Http.OffsetAsync(upload));
    }

    [Fact]
    public async Task Across_origins_a_browser_may_send_the_tus_headers_and_read_the_ones_the_protocol_answers_with()
    {
        const string Origin = "https://app.example";
        await using var factory = UploaderFactory.With(c => c["cors_origins"] = new System.Text.Json.Nodes.JsonArray(Origin));
        using var api = factory.CreateApi();
        using var anonymous = factory.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri(TusCalls.Endpoint + "tus-0", UriKind.Relative));
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "PATCH");
        preflight.Headers.Add("Access-Control-Request-Headers", "tus-resumable,upload-offset,upload-checksum,content-type,x-secret-key,x-http-method-override");

        using var allowed = await anonymous.SendAsync(preflight);

        Assert.Equal(Origin, TusCalls.Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Contains("PATCH", TusCalls.Header(allowed, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Contains("upload-offset", TusCalls.Header(allowed, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);

        using var create = TusCalls.Request(HttpMethod.Post, TusCalls.Endpoint);
        create.Headers.Add("Origin", Origin);
        create.Headers.Add("Upload-Length", "10");
        using var created = await api.Http.SendAsync(create);
        Assert.Equal(201, (int)created.StatusCode);
        using var head = TusCalls.Request(HttpMethod.Head, created.Headers.Location!.OriginalString.TrimStart('/'));
        head.Headers.Add("Origin", Origin);
        using var headed = await api.Http.SendAsync(head);

        foreach (var response in new[] { created, headed })
        {
            var exposed = TusCalls.Header(response, "Access-Control-Expose-Headers")
                .Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
            Assert.Equal(Origin, TusCalls.Header(response, "Access-Control-Allow-Origin"));
            Assert.Superset(
                new HashSet<string>(["Location", "Upload-Offset", "Upload-Length", "Upload-Expires", "Upload-Metadata", "Upload-Concat",
                    "Tus-Resumable", "Tus-Version", "Tus-Extension", "Tus-Max-Size", "Tus-Checksum-Algorithm"], StringComparer.OrdinalIgnoreCase),
                exposed);
        }
    }

    [Fact]
    public async Task The_tus_routes_do_not_reach_a_task_that_is_no_tus_upload()
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();
        var file = SourceFile.Random(1000, 1000);
        await api.UploadAllAsync(file);

        Assert.Equal(404, (int)(await api.Http.HeadAsync(TusCalls.Endpoint + file.FileId)).StatusCode);
        using var delete = TusCalls.Request(HttpMethod.Delete, TusCalls.Endpoint + file.FileId);
        await api.Http.SendAsync(delete).ExpectProblemAsync(404, "task_not_found");
        await api.StatusAsync(file.FileId).ExpectOkAsync();
    }
}
