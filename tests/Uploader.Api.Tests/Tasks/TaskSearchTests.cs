using System.Text.Json;

namespace Uploader.Api.Tests;

/// <summary>GET /go-uploader/tasks?search=…: the list narrowed to names containing a text; each test has a server of its own.</summary>
public sealed class TaskSearchTests
{
    private const int ChunkSize = 1024;

    [Fact]
    public async Task A_search_lists_and_counts_only_the_tasks_whose_filename_contains_the_text()
    {
        using var server = new FakeClockServer();
        var report = await UploadAsync(server, "quarterly-report.bin");
        await UploadAsync(server, "holiday.bin");
        await UploadAsync(server, "report-draft.bin");

        var found = await SearchAsync(server, "ly-rep");

        Assert.Equal([report.FileId], FileIds(found));
        Assert.Equal(1, found.Number("total"));
    }

    [Fact]
    public async Task A_search_matches_the_relative_path_too()
    {
        using var server = new FakeClockServer();
        var archived = await UploadAsync(server, "a.bin", "archive-2026/a.bin");
        await UploadAsync(server, "b.bin", "current/b.bin");

        var found = await SearchAsync(server, "archive-2026");

        var row = Assert.Single(found.GetProperty("tasks").EnumerateArray());
        Assert.Equal((archived.FileId, "a.bin", "archive-2026/a.bin"), (row.Str("file_id"), row.Str("filename"), row.Str("relative_path")));
        Assert.Equal(1, found.Number("total"));
    }

    [Theory]
    [InlineData("MiXeD-Case")]
    [InlineData("mixed-case")]
    [InlineData("MIXED-CASE.BIN")]
    public async Task A_search_ignores_case(string search)
    {
        using var server = new FakeClockServer();
        var file = await UploadAsync(server, "Mixed-Case.bin");
        await UploadAsync(server, "other.bin");

        Assert.Equal([file.FileId], FileIds(await SearchAsync(server, search)));
    }

    // Another case of a letter beyond ASCII depends on the store: SQLite folds ASCII only, PostgreSQL what the
    // database's LC_CTYPE knows (the tests' throwaway server runs with --no-locale: ASCII only as well).
    [Fact]
    public async Task Letters_beyond_ascii_match_in_their_own_case_with_ascii_in_any_case()
    {
        using var server = new FakeClockServer();
        var file = await UploadAsync(server, "Ärger-Übersicht.bin");
        await UploadAsync(server, "aerger.bin");

        Assert.Equal([file.FileId], FileIds(await SearchAsync(server, "Ärger-Ü")));
        Assert.Equal([file.FileId], FileIds(await SearchAsync(server, "ÄRGER-ÜBERSICHT")));
    }

    [Fact]
    public async Task A_folder_row_is_found_by_its_folder_name()
    {
        using var server = new FakeClockServer();
        // The files' paths do not name the folder, so only folder_name can match.
        var folder = await server.Api.CreateFolderAsync("Vacation-2026", new Dictionary<string, SourceFile>
        {
            ["pics/one.bin"] = SourceFile.Random(ChunkSize, ChunkSize),
            ["pics/two.bin"] = SourceFile.Random(ChunkSize, ChunkSize),
        });
        await UploadAsync(server, "vacation-notes-elsewhere.bin");

        var found = await SearchAsync(server, "vacation-2026");

        var row = Assert.Single(found.GetProperty("tasks").EnumerateArray());
        Assert.Equal((folder.FolderTaskId, "folder", "Vacation-2026"), (row.Str("file_id"), row.Str("task_type"), row.Str("filename")));
        Assert.Equal(1, found.Number("total"));
    }

    [Fact]
    public async Task A_folder_row_is_found_by_one_of_its_files()
    {
        using var server = new FakeClockServer();
        var folder = await server.Api.CreateFolderAsync("album", new Dictionary<string, SourceFile>
        {
            ["album/sunset-1.bin"] = SourceFile.Random(ChunkSize, ChunkSize),
            ["album/sunset-2.bin"] = SourceFile.Random(ChunkSize, ChunkSize),
            ["album/beach.bin"] = SourceFile.Random(ChunkSize, ChunkSize),
        });
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var single = await UploadAsync(server, "sunset-single.bin");
        await UploadAsync(server, "beach-single.bin");

        var found = await SearchAsync(server, "sunset");

        Assert.Equal([single.FileId, folder.FolderTaskId], FileIds(found));
        Assert.Equal(2, found.Number("total"));
    }

    [Fact]
    public async Task A_folder_matching_by_its_name_and_by_several_files_is_one_row_counted_once()
    {
        using var server = new FakeClockServer();
        var folder = await server.Api.CreateFolderAsync("sunset-trip", new Dictionary<string, SourceFile>
        {
            ["sunset-trip/sunset-1.bin"] = SourceFile.Random(ChunkSize, ChunkSize),
            ["sunset-trip/sunset-2.bin"] = SourceFile.Random(ChunkSize, ChunkSize),
        });
        await UploadAsync(server, "beach.bin");

        var found = await SearchAsync(server, "sunset");

        Assert.Equal([folder.FolderTaskId], FileIds(found));
        Assert.Equal(1, found.Number("total"));
    }

    [Fact]
    public async Task With_a_status_a_search_lists_a_folders_matching_files_one_by_one()
    {
        using var server = new FakeClockServer();
        var sunsetFile = SourceFile.Random(ChunkSize, ChunkSize);
        var folder = await server.Api.CreateFolderAsync("album", new Dictionary<string, SourceFile>
        {
            ["album/sunset.bin"] = sunsetFile,
            ["album/beach.bin"] = SourceFile.Random(ChunkSize, ChunkSize),
        });
        var sunset = folder.Files.Single(f => f.Value == sunsetFile).Key;

        var found = await server.Api.ListTasksAsync("?status=uploading&search=SUNSET").ExpectOkAsync();

        var row = Assert.Single(found.GetProperty("tasks").EnumerateArray());
        Assert.Equal((sunset, folder.FolderTaskId, "album/sunset.bin"), (row.Str("file_id"), row.Str("parent_task_id"), row.Str("relative_path")));
        Assert.Equal(1, found.Number("total"));
    }

    [Fact]
    public async Task A_search_combines_with_the_status_filter()
    {
        using var server = new FakeClockServer();
        var pausedHit = await UploadAsync(server, "match-paused.bin");
        var uploadingHit = await UploadAsync(server, "match-uploading.bin");
        var pausedMiss = await UploadAsync(server, "other-paused.bin");
        await server.Api.PauseAsync(pausedHit.FileId).ExpectOkAsync();
        await server.Api.PauseAsync(pausedMiss.FileId).ExpectOkAsync();

        var paused = await server.Api.ListTasksAsync("?status=paused&search=match").ExpectOkAsync();
        var uploading = await server.Api.ListTasksAsync("?status=uploading&search=match").ExpectOkAsync();

        Assert.Equal([pausedHit.FileId], FileIds(paused));
        Assert.Equal(1, paused.Number("total"));
        Assert.Equal([uploadingHit.FileId], FileIds(uploading));
        Assert.Equal(1, uploading.Number("total"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("&status=uploading")]
    public async Task Search_results_are_paged_newest_first_and_every_page_counts_all_matches(string status)
    {
        using var server = new FakeClockServer();
        var hits = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            hits.Add((await UploadAsync(server, $"hit-{i}.bin")).FileId);
            await UploadAsync(server, $"miss-{i}.bin");
        }

        var pages = new List<JsonElement>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add(await server.Api.ListTasksAsync($"?search=hit&page={page}&page_size=2{status}").ExpectOkAsync());
        }

        Assert.Equal(Enumerable.Reverse(hits), pages.SelectMany(FileIds));
        Assert.Equal([2, 2, 1], pages.Select(p => p.GetProperty("tasks").GetArrayLength()));
        Assert.All(pages, p => Assert.Equal(5, p.Number("total")));
        var pastTheEnd = await server.Api.ListTasksAsync($"?search=hit&page=4&page_size=2{status}").ExpectOkAsync();
        Assert.Equal((0, 5L), (pastTheEnd.GetProperty("tasks").GetArrayLength(), pastTheEnd.Number("total")));
    }

    [Theory]
    [InlineData("50%", "50%-off.bin", "50x-off.bin")]
    [InlineData("a_b", "a_b.bin", "axb.bin")]
    [InlineData("%", "100%.bin", "plain.bin")]
    [InlineData("_", "snake_case.bin", "plain.bin")]
    public async Task Like_wildcards_in_the_search_are_taken_literally(string search, string hitName, string missName)
    {
        using var server = new FakeClockServer();
        var hit = await UploadAsync(server, hitName);
        await UploadAsync(server, missName);

        var found = await SearchAsync(server, search);

        Assert.Equal([hit.FileId], FileIds(found));
        Assert.Equal(1, found.Number("total"));
    }

    [Theory]
    [InlineData("?search=")]
    [InlineData("?search=%20%20")]
    public async Task An_empty_or_blank_search_lists_everything(string query)
    {
        using var server = new FakeClockServer();
        await UploadAsync(server, "one.bin");
        await UploadAsync(server, "two.bin");

        var found = await server.Api.ListTasksAsync(query).ExpectOkAsync();

        Assert.Equal((2, 2L), (found.GetProperty("tasks").GetArrayLength(), found.Number("total")));
    }

    [Fact]
    public async Task Surrounding_white_space_of_a_search_is_ignored()
    {
        using var server = new FakeClockServer();
        var file = await UploadAsync(server, "padded.bin");
        await UploadAsync(server, "other.bin");

        Assert.Equal([file.FileId], FileIds(await SearchAsync(server, "  padded  ")));
    }

    [Fact]
    public async Task A_search_of_the_longest_length_is_taken()
    {
        using var server = new FakeClockServer();
        var name = new string('n', 196) + ".bin";
        var file = await UploadAsync(server, name);
        await UploadAsync(server, "other.bin");

        Assert.Equal([file.FileId], FileIds(await SearchAsync(server, name)));
    }

    [Theory]
    [InlineData(201)]
    [InlineData(5000)]
    public async Task A_search_longer_than_200_characters_is_refused_naming_the_field(int length)
    {
        using var server = new FakeClockServer();

        var problem = await server.Api.ListTasksAsync("?search=" + new string('a', length)).ExpectInvalidFieldAsync("search");

        Assert.Contains("200", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_with_a_control_character_is_refused_naming_the_field()
    {
        using var server = new FakeClockServer();

        await server.Api.ListTasksAsync("?search=a%00b").ExpectInvalidFieldAsync("search");
    }

    [Fact]
    public async Task A_refused_search_is_reported_beside_the_other_bad_parameters()
    {
        using var server = new FakeClockServer();

        var problem = await server.Api.ListTasksAsync("?status=done&search=" + new string('a', 201)).ExpectInvalidFieldAsync("search");

        Assert.Equal(["search", "status"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>Uploads a one-chunk file under <paramref name="name"/> (and <paramref name="relativePath"/>), then moves the clock on.</summary>
    private static async Task<SourceFile> UploadAsync(FakeClockServer server, string name, string? relativePath = null)
    {
        var file = SourceFile.Random(ChunkSize, ChunkSize, name);
        await server.Api.UploadAsync(file.Request(0) with { RelativePath = relativePath }).ExpectOkAsync();
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        return file;
    }

    private static Task<JsonElement> SearchAsync(FakeClockServer server, string search) =>
        server.Api.ListTasksAsync("?search=" + Uri.EscapeDataString(search)).ExpectOkAsync();

    private static List<string?> FileIds(JsonElement list) =>
        [.. list.GetProperty("tasks").EnumerateArray().Select(t => t.Str("file_id"))];
}
