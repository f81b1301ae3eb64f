using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests;

/// <summary>
/// The server's limits (GET limits) and the key are checked before an upload reads its file or creates a task; a
/// chunk the server refuses as too large is not retried. The test server allows 4 MiB chunks and 64 MiB files.
/// </summary>
public sealed class LimitsTests : IClassFixture<KestrelUploaderServer>, IDisposable
{
    private const long MiB = 1024 * 1024;

    private readonly KestrelUploaderServer _server;
    private readonly TempFolder _files = new();

    public LimitsTests(KestrelUploaderServer server)
    {
        _server = server;
        _server.Faults.Clear();
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task The_limits_are_the_servers_configured_figures()
    {
        var limits = await _server.NewClient().GetLimitsAsync();

        Assert.Equal((64 * MiB, 4 * MiB, 10000), (limits.MaxFileSize, limits.MaxChunkSize, limits.MaxChunks));
        Assert.Empty(limits.AllowedExtensions);
        Assert.Equal("rename", limits.OnConflict);
    }

    [Fact]
    public async Task A_chunk_size_above_max_chunk_size_is_refused_before_the_file_is_read_or_a_task_exists()
    {
        var source = SparseFile.Create(_files.Combine("big-chunks.bin"), 9 * MiB);
        var reader = new CountingFileReader();

        var error = await Assert.ThrowsAsync<UploadLimitException>(
            () => NewClient(reader).UploadFileAsync(source, new UploadOptions { ChunkSize = 8 * MiB }));

        Assert.Equal((UploadLimitException.ChunkTooLarge, 8 * MiB, 4 * MiB), (error.Code, error.Actual, error.Limit));
        Assert.Equal(0, reader.Opens);
        Assert.Equal((1, 0, 0), (_server.Faults.Attempts("limits"), _server.Faults.Attempts("upload_status"), _server.Faults.Attempts("upload_chunk")));
    }

    [Fact]
    public async Task A_wrong_key_fails_before_a_large_file_is_read()
    {
        var source = SparseFile.Create(_files.Combine("huge.iso"), 8L * 1024 * MiB);
        var reader = new CountingFileReader();
        var progress = new SynchronousProgress<UploadProgress>();

        var error = await Assert.ThrowsAsync<UploaderApiException>(
            () => NewClient(reader, key: "not-the-key").UploadFileAsync(source, progress: progress));

        Assert.Equal((401, "unauthorized"), (error.StatusCode, error.Code));
        Assert.Equal(0, reader.Opens);
        Assert.Empty(progress.Reports);
    }

    [Fact]
    public async Task A_folder_with_one_file_above_max_file_size_sends_nothing()
    {
        var folder = _files.Combine("mixed");
        SourceFiles.Write(Path.Combine(folder, "a-small.txt"), 100, seed: 31);
        SparseFile.Create(Path.Combine(folder, "z-large.bin"), 65 * MiB);
        var reader = new CountingFileReader();

        var error = await Assert.ThrowsAsync<UploadLimitException>(
            () => NewClient(reader).UploadFolderAsync(folder, new UploadOptions { ChunkSize = 4 * MiB }));

        Assert.Equal((UploadLimitException.FileTooLarge, 65 * MiB, 64 * MiB), (error.Code, error.Actual, error.Limit));
        Assert.Equal(0, reader.Opens);
        Assert.Equal(0, _server.Faults.Attempts("upload_chunk"));
    }

    [Fact]
    public async Task More_chunks_than_max_chunks_are_refused_before_the_file_is_read()
    {
        var source = SparseFile.Create(_files.Combine("many.bin"), 1 * MiB);
        var reader = new CountingFileReader();

        var error = await Assert.ThrowsAsync<UploadLimitException>(
            () => NewClient(reader).UploadFileAsync(source, new UploadOptions { ChunkSize = 64 }));

        Assert.Equal((UploadLimitException.TooManyChunks, 16384L, 10000L), (error.Code, error.Actual, error.Limit));
        Assert.Equal(0, reader.Opens);
    }

    [Theory]
    [InlineData("report.PDF", true)]
    [InlineData("report.pdf.exe", false)]
    [InlineData("README", false)]
    public void Only_the_allowed_extensions_of_the_destination_pass(string relativePath, bool allowed)
    {
        var source = SourceFiles.Write(_files.Combine("local.bin"), 10, seed: 32);
        var limits = new ServerLimits { MaxFileSize = MiB, MaxChunkSize = MiB, MaxChunks = 10, AllowedExtensions = ["pdf", ".txt"] };

        var error = Record.Exception(() => limits.Check(source, new UploadOptions { RelativePath = relativePath }));

        Assert.Equal(allowed, error is null);
        Assert.True(allowed || error is UploadLimitException { Code: UploadLimitException.ExtensionNotAllowed }, error?.ToString());
    }

    [Fact]
    public async Task A_server_without_the_limits_route_is_uploaded_to_unchecked()
    {
        var source = SourceFiles.Write(_files.Combine("older-server.bin"), 5000, seed: 33);
        _server.Faults.Enqueue("limits", Fault.Status(404));

        var result = await _server.NewClient().UploadFileAsync(source, new UploadOptions { RelativePath = "limits/older-server.bin" });

        Assert.Equal(1, _server.Faults.Attempts("limits"));
        SourceFiles.AssertSameBytes(source, _server.MergedFile(result.FilePath));
    }

    [Fact]
    public async Task A_chunk_the_server_refuses_as_too_large_is_not_retried_and_its_code_reaches_the_caller()
    {
        // Limits given by the caller that the server does not have: the client sends what the server must refuse.
        var source = SparseFile.Create(_files.Combine("unchecked.bin"), 8 * MiB);
        var permissive = new ServerLimits { MaxFileSize = long.MaxValue, MaxChunkSize = long.MaxValue, MaxChunks = int.MaxValue };

        var error = await Assert.ThrowsAsync<UploaderApiException>(() => _server.NewClient().UploadFileAsync(
            source, new UploadOptions { ChunkSize = 8 * MiB, Limits = permissive, ReconnectTimeout = TimeSpan.Zero }));

        Assert.Equal((413, "chunk_too_large"), (error.StatusCode, error.Code));
        Assert.Equal(1, _server.Faults.Attempts("upload_chunk"));
    }

    private UploaderClient NewClient(LocalFileReader reader, string key = KestrelUploaderServer.SecretKey) =>
        _server.NewClient(o => o.ApiKey = key, reader);
}
