using System.Text.Json;

namespace Uploader.Api.Tests;

/// <summary>GET /go-uploader/tasks and GET /go-uploader/tasks/{file_id}; each list test has a server of its own.</summary>
public sealed class TaskListTests
{
    private const int ChunkSize = 1024;

    private static readonly string[] SummaryFields =
    [
        "completion_rate", "created_at", "file_id", "file_md5", "file_size", "filename", "relative_path", "retry_count",
        "status", "task_id", "task_type", "total_chunks", "updated_at", "uploaded_bytes", "uploaded_chunks",
    ];

    [Fact]
    public async Task Pages_list_the_newest_task_first_and_every_page_counts_all_tasks()
    {
        using var server = new FakeClockServer();
        var files = new List<SourceFile>();
        for (var i = 0; i < 5; i++)
        {
            var file = SourceFile.Random(ChunkSize, ChunkSize);
            await server.Api.UploadAllAsync(file);
            files.Add(file);
            server.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var pages = new List<JsonElement>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add(await server.Api.ListTasksAsync($"?page={page}&page_size=2").ExpectOkAsync());
        }

        var newestFirst = Enumerable.Reverse(files).Select(f => f.FileId).ToList();
        Assert.Equal(newestFirst, pages.SelectMany(p => p.GetProperty("tasks").EnumerateArray()).Select(t => t.Str("file_id")));
        Assert.All(pages, p => Assert.Equal(5, p.Number("total")));
        Assert.Equal([1, 2, 3], pages.Select(p => p.Number("page")));
        Assert.All(pages, p => Assert.Equal(2, p.Number("page_size")));
        Assert.Equal(["page", "page_size", "tasks", "total"], pages[0].FieldNames());
    }

    [Fact]
    public async Task A_summary_has_exactly_the_contracts_fields()
    {
        using var server = new FakeClockServer();
        var file = SourceFile.Random((2 * ChunkSize) + 1, ChunkSize);
        await server.Api.UploadChunksAsync(file, [0, 2]);

        var list = await server.Api.ListTasksAsync().ExpectOkAsync();

        Assert.Equal((1L, 50L), (list.Number("page"), list.Number("page_size")));
        var summary = Assert.Single(list.GetProperty("tasks").EnumerateArray());
        Assert.Equal(SummaryFields, summary.FieldNames());
        Assert.Equal(file.Name, summary.Str("filename"));
        Assert.Equal("uploading", summary.Str("status"));
        Assert.Equal(2, summary.Number("uploaded_chunks"));
        Assert.Equal(3, summary.Number("total_chunks"));
        Assert.Equal(ChunkSize + 1, summary.Number("uploaded_bytes"));
        Assert.Equal(66.67, summary.GetProperty("completion_rate").GetDouble());
    }

    [Fact]
    public async Task A_status_filter_lists_and_counts_only_that_status()
    {
        using var server = new FakeClockServer();
        var files = Enumerable.Range(0, 4).Select(_ => SourceFile.Random(ChunkSize, ChunkSize)).ToList();
        foreach (var file in files)
        {
            await server.Api.UploadAllAsync(file);
            server.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await server.Api.PauseAsync(files[0].FileId).ExpectOkAsync();
        await server.Api.PauseAsync(files[2].FileId).ExpectOkAsync();

        var paused = await server.Api.ListTasksAsync("?status=paused").ExpectOkAsync();
        var completed = await server.Api.ListTasksAsync("?status=completed").ExpectOkAsync();

        Assert.Equal(2, paused.Number("total"));
        Assert.Equal([files[2].FileId, files[0].FileId], paused.GetProperty("tasks").EnumerateArray().Select(t => t.Str("file_id")));
        Assert.Equal(0, completed.Number("total"));
        Assert.Empty(completed.GetProperty("tasks").EnumerateArray());
    }

    [Theory]
    [InlineData("?status=done", "status")]
    [InlineData("?status=Paused", "status")]
    [InlineData("?page=0", "page")]
    [InlineData("?page_size=0", "page_size")]
    [InlineData("?page_size=501", "page_size")]
    [InlineData("?page_size=many", "page_size")]
    public async Task A_bad_filter_or_paging_is_refused_naming_the_field(string query, string field)
    {
        using var server = new FakeClockServer();

        await server.Api.ListTasksAsync(query).ExpectInvalidFieldAsync(field);
    }

    [Fact]
    public async Task The_detail_lists_the_stored_indexes_and_every_chunk_row()
    {
        using var server = new FakeClockServer();
        var file = SourceFile.Random((2 * ChunkSize) + 5, ChunkSize);
        await server.Api.UploadChunksAsync(file, [2, 0]);
        await server.Api.UploadAsync(file.Request(0) with { Bytes = file.Chunk(0).Reverse().ToArray() }).ExpectOkAsync();

        var detail = await server.Api.TaskAsync(file.FileId).ExpectOkAsync();

        Assert.Equal(
            SummaryFields.Concat(["chunks", "file_path", "last_error", "md5"]).Order(StringComparer.Ordinal),
            detail.FieldNames());
        Assert.Equal([0, 2], detail.Ints("uploaded_chunks"));
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("md5").ValueKind);
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("file_path").ValueKind);
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("last_error").ValueKind);
        var chunks = detail.GetProperty("chunks").EnumerateArray().ToList();
        Assert.Equal([0L, 2L], chunks.Select(c => c.Number("index")));
        Assert.Equal(["index", "md5", "retry_count", "size", "status", "uploaded_at"], chunks[0].FieldNames());
        Assert.Equal(Md5Hex.Of(file.Chunk(0).Reverse().ToArray()), chunks[0].Str("md5"));
        Assert.Equal([1L, 0L], chunks.Select(c => c.Number("retry_count")));
        Assert.Equal([(long)ChunkSize, 5L], chunks.Select(c => c.Number("size")));
        Assert.All(chunks, c => Assert.Equal("uploaded", c.Str("status")));
    }

    [Fact]
    public async Task The_detail_of_a_completed_task_has_its_md5_and_file_path()
    {
        using var server = new FakeClockServer();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        await server.Api.UploadAllAsync(file);
        var merged = await server.Api.MergeOkAsync(file);

        var detail = await server.Api.TaskAsync(file.FileId).ExpectOkAsync();

        Assert.Equal("completed", detail.Str("status"));
        Assert.Equal(file.Md5, detail.Str("md5"));
        Assert.Equal(merged.Str("file_path"), detail.Str("file_path"));
    }

    [Fact]
    public async Task Summaries_and_details_carry_go_uploaders_task_id_task_type_and_file_md5()
    {
        using var server = new FakeClockServer();
        var done = SourceFile.Random(ChunkSize, ChunkSize);
        var open = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await server.Api.UploadAllAsync(done);
        await server.Api.MergeOkAsync(done);
        await server.Api.UploadChunksAsync(open, [0]);

        var rows = (await server.Api.ListTasksAsync().ExpectOkAsync()).GetProperty("tasks").EnumerateArray().ToDictionary(t => t.Str("file_id")!);
        var detail = await server.Api.TaskAsync(done.FileId).ExpectOkAsync();

        Assert.Equal((done.FileId, "file", done.Md5), (rows[done.FileId].Str("task_id"), rows[done.FileId].Str("task_type"), rows[done.FileId].Str("file_md5")));
        Assert.Equal((open.FileId, "file"), (rows[open.FileId].Str("task_id"), rows[open.FileId].Str("task_type")));
        Assert.Equal(JsonValueKind.Null, rows[open.FileId].GetProperty("file_md5").ValueKind);
        Assert.Equal((done.FileId, "file", done.Md5), (detail.Str("task_id"), detail.Str("task_type"), detail.Str("file_md5")));
    }

    [Fact]
    public async Task The_detail_of_an_unknown_task_is_not_found()
    {
        using var server = new FakeClockServer();

        await server.Api.TaskAsync("no-such-task").ExpectProblemAsync(404, "task_not_found");
    }
}
