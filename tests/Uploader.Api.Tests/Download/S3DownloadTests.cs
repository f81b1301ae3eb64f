#if S3
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Uploader.Api.Tests;

/// <summary>What only storage s3 has: presigned downloads, and credentials kept out of /system.</summary>
public sealed class S3DownloadTests
{
    private const int ChunkSize = 4000;

    [Fact]
    public async Task With_presigned_downloads_get_and_head_redirect_to_a_link_that_serves_the_file_under_its_name_without_the_key()
    {
        await using var server = UploaderFactory.With(config => config["s3_presigned_downloads"] = true);
        using var api = server.CreateApi();
        var file = SourceFile.Random((2 * ChunkSize) + 9, ChunkSize, "Quartalsbericht März.pdf");
        await api.UploadAllAsync(file);
        await api.MergeOkAsync(file);
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Secret-Key", UploaderFactory.SecretKey);
        var files = new Uri($"go-uploader/files/{Uri.EscapeDataString(file.FileId)}", UriKind.Relative);

        using var get = await client.GetAsync(files);
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, files));
        using var store = new HttpClient();
        using var fetched = await store.GetAsync(get.Headers.Location);

        Assert.Equal(HttpStatusCode.Found, get.StatusCode);
        Assert.Equal(HttpStatusCode.Found, head.StatusCode);
        Assert.StartsWith(S3rverServer.Shared().ServiceUrl.ToString(), get.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Signature=", get.Headers.Location.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(file.Md5, Md5Hex.Of(await fetched.Content.ReadAsByteArrayAsync()));
        Assert.Equal(file.Name, fetched.Content.Headers.ContentDisposition?.FileNameStar);
    }

    [Fact]
    public async Task With_presigned_downloads_a_replaced_object_is_410_and_no_link_is_given()
    {
        await using var server = UploaderFactory.With(config => config["s3_presigned_downloads"] = true);
        using var api = server.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);
        var path = (await api.MergeOkAsync(file)).Str("file_path")!;
        await server.Stored.WriteMergedAsync(path, file.Bytes.ToArray());

        var gone = await api.Http.GetAsync(new Uri($"go-uploader/files/{Uri.EscapeDataString(file.FileId)}", UriKind.Relative))
            .ExpectProblemAsync(410, "file_gone");

        Assert.Contains("another file is there now", gone.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task System_shows_the_storage_kind_and_bucket_but_never_the_credentials()
    {
        await using var server = new UploaderFactory();
        using var api = server.CreateApi();

        using var answer = await api.Http.GetAsync(new Uri("go-uploader/system", UriKind.Relative));
        var body = await answer.Content.ReadAsStringAsync();
        var config = (await Task.FromResult(answer).ExpectOkAsync()).GetProperty("config");

        Assert.Equal("s3", config.Str("storage"));
        Assert.Equal(TestStorage.Prefix, config.Str("s3_prefix"));
        Assert.Equal("***", config.Str("s3_access_key"));
        Assert.Equal("***", config.Str("s3_secret_key"));
        Assert.DoesNotContain($"\"{S3rverServer.SecretKey}\"", body, StringComparison.Ordinal);
    }
}
#endif
