using System.Net.Http.Json;

namespace Uploader.Api.Tests;

public sealed class UploadErrorTests(UploaderFactory factory, LimitedServer limited)
    : IClassFixture<UploaderFactory>, IClassFixture<LimitedServer>
{
    private const int ChunkSize = 1024;

    [Theory]
    [InlineData("file_id")]
    [InlineData("chunk_index")]
    [InlineData("total_chunks")]
    [InlineData("file_size")]
    [InlineData(ChunkRequest.FilePart)]
    public async Task Missing_field_is_named_in_errors(string field)
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(3 * ChunkSize, ChunkSize);

        await api.UploadAsync(file.Request(0).Without(field)).ExpectInvalidFieldAsync(field);

        await api.StatusAsync(file.FileId).ExpectProblemAsync(404, "task_not_found");
    }

    [Theory]
    [InlineData("chunk_index", "abc")]
    [InlineData("chunk_index", "1.5")]
    [InlineData("total_chunks", "three")]
    [InlineData("file_size", "12 bytes")]
    [InlineData("chunk_size", "big")]
    public async Task Non_numeric_number_is_named_in_errors(string field, string value)
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(3 * ChunkSize, ChunkSize);

        await api.UploadAsync(file.Request(0).WithField(field, value)).ExpectInvalidFieldAsync(field);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-1)]
    [InlineData(1000)]
    public async Task Chunk_index_out_of_range_is_refused(int index)
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(3 * ChunkSize, ChunkSize);

        await api.UploadAsync(file.Request(0) with { Index = index }).ExpectInvalidFieldAsync("chunk_index");
    }

    [Fact]
    public async Task Chunk_index_out_of_range_of_an_existing_task_is_refused()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(3 * ChunkSize, ChunkSize);
        await api.UploadChunksAsync(file, [0]);

        var problem = await api.UploadAsync(file.Request(2) with { Index = 3 }).ExpectInvalidFieldAsync("chunk_index");
        await api.ExpectStoredAsync(file.FileId, 0);
        Assert.Equal("chunk_index 3 is outside 0..2 (total_chunks 3).", problem.Str("detail"));
    }

    [Theory]
    [InlineData("xyz")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    public async Task Malformed_md5_is_refused(string md5)
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize);

        await api.UploadAsync(file.Request(0) with { Md5 = md5 }).ExpectInvalidFieldAsync("md5");
    }

    [Fact]
    public async Task Body_that_is_not_multipart_is_refused()
    {
        using var api = factory.CreateApi();
        var uri = new Uri("go-uploader/upload_chunk", UriKind.Relative);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["file_id"] = "not-multipart", ["chunk_index"] = "0", ["total_chunks"] = "1", ["file_size"] = "1",
        });

        await api.Http.PostAsync(uri, form).ExpectProblemAsync(400, "validation_failed");
        await api.Http.PostAsJsonAsync(uri, new { file_id = "not-multipart" }).ExpectProblemAsync(400, "validation_failed");
        await api.StatusAsync("not-multipart").ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task Status_of_an_unknown_task_is_not_found()
    {
        using var api = factory.CreateApi();

        await api.StatusAsync($"unknown-{Guid.NewGuid():N}").ExpectProblemAsync(404, "task_not_found");
    }

    [Theory]
    [InlineData("total_chunks")]
    [InlineData("file_size")]
    [InlineData("chunk_size")]
    public async Task Layout_that_differs_from_the_task_is_a_mismatch(string field)
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random((3 * ChunkSize) + 1, ChunkSize);
        await api.UploadChunksAsync(file, [0]);

        // chunk_size one byte smaller still gives the same chunk count, so only the mismatch is wrong.
        var request = field switch
        {
            "total_chunks" => file.Request(1) with { TotalChunks = file.TotalChunks + 1 },
            "file_size" => file.Request(1) with { FileSize = file.Bytes.Length + 1 },
            _ => file.Request(1) with { ChunkSize = ChunkSize - 1 },
        };

        var problem = await api.UploadAsync(request).ExpectProblemAsync(409, "task_mismatch");

        Assert.Equal(field, problem.Str("field"));
        await api.ExpectStoredAsync(file.FileId, 0);
    }

    [Fact]
    public async Task Upload_into_a_completed_task_is_refused()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);
        await api.MergeOkAsync(file);

        await api.UploadAsync(file.Request(1)).ExpectProblemAsync(409, "task_completed");
    }

    [Fact]
    public async Task Chunk_above_max_chunk_size_is_refused_and_not_kept()
    {
        using var api = limited.Factory.CreateApi();
        var file = SourceFile.Random(LimitedServer.MaxChunkSize + 1, LimitedServer.MaxChunkSize + 1, "big.txt");

        var problem = await api.UploadAsync(file.Request(0)).ExpectProblemAsync(413, "chunk_too_large");

        Assert.Equal(
            $"The chunk part went on past max_chunk_size ({LimitedServer.MaxChunkSize} bytes); send smaller chunks (GET /go-uploader/limits names max_chunk_size).",
            problem.Str("detail"));
        var missing = await api.StatusAsync(file.FileId).ExpectProblemAsync(404, "task_not_found");
        Assert.Equal($"No task with file_id '{file.FileId}'.", missing.Str("detail"));
        Assert.Empty(Directory.GetFiles(Path.Combine(limited.Factory.UploadDir, ".staging"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Chunk_of_exactly_max_chunk_size_is_accepted()
    {
        using var api = limited.Factory.CreateApi();
        var file = SourceFile.Random(LimitedServer.MaxChunkSize, LimitedServer.MaxChunkSize, $"{Guid.NewGuid():N}.txt");

        await api.UploadAllAsync(file);

        Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
    }

    [Fact]
    public async Task File_above_max_file_size_is_refused()
    {
        using var api = limited.Factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize, "whole.txt");

        var problem = await api.UploadAsync(file.Request(0) with { FileSize = LimitedServer.MaxFileSize + 1, TotalChunks = 2 })
            .ExpectProblemAsync(413, "file_too_large");

        Assert.Equal($"file_size {LimitedServer.MaxFileSize + 1} is above the limit of {LimitedServer.MaxFileSize} bytes.", problem.Str("detail"));

        await api.StatusAsync(file.FileId).ExpectProblemAsync(404, "task_not_found");
    }

    [Theory]
    [InlineData("report.bin")]
    [InlineData("report")]
    [InlineData("report.txt.exe")]
    public async Task Extension_outside_allowed_extensions_is_refused(string name)
    {
        using var api = limited.Factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize, name);

        await api.UploadAsync(file.Request(0)).ExpectProblemAsync(415, "extension_not_allowed");

        await api.StatusAsync(file.FileId).ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task A_name_given_at_merge_outside_allowed_extensions_is_refused_and_the_task_keeps_its_name()
    {
        using var api = limited.Factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize, "notes.txt");
        await api.UploadAsync(file.Request(0) with { RelativePath = $"{Guid.NewGuid():N}/notes.txt" }).ExpectOkAsync();

        await api.MergeJsonAsync(new { file_id = file.FileId, filename = "notes.exe" }).ExpectProblemAsync(415, "extension_not_allowed");

        var detail = await api.TaskAsync(file.FileId).ExpectOkAsync();
        Assert.Equal(("uploading", "notes.txt"), (detail.Str("status"), detail.Str("filename")));
    }

    [Theory]
    [InlineData("notes.txt")]
    [InlineData("NOTES.TXT")]
    public async Task Extension_in_allowed_extensions_is_accepted_in_any_case(string name)
    {
        using var api = limited.Factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize, name);

        var answer = await api.UploadAsync(file.Request(0) with { RelativePath = $"{Guid.NewGuid():N}/{name}" }).ExpectOkAsync();

        Assert.EndsWith(name, answer.Str("relative_path"), StringComparison.Ordinal);
    }
}
