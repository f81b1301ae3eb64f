using System.Net.Http.Json;

namespace Uploader.Api.Tests;

/// <summary>Folder uploads over real HTTP with go-uploader's field names (contract, v2 additions).</summary>
public sealed class FolderTasksTests
{
    private const int ChunkSize = 1024;

    [Fact]
    public async Task A_folder_is_created_its_files_uploaded_under_their_file_ids_and_merged_at_their_nested_paths()
    {
        using var server = new FakeClockServer();
        var stem = $"photos-{Guid.NewGuid():N}";
        var files = new Dictionary<string, SourceFile>
        {
            [$"{stem}/2026/summer/beach.jpg"] = SourceFile.Random((3 * ChunkSize) + 17, ChunkSize),
            [$"{stem}/notes.txt"] = SourceFile.Random(ChunkSize / 2, ChunkSize),
        };

        var folder = await server.Api.CreateFolderAsync(stem, files);

        Assert.Equal(["folder_name", "folder_task_id", "status", "sub_tasks", "total_files", "total_size"], folder.Answer.FieldNames());
        Assert.Equal(("ok", stem, 2L), (folder.Answer.Str("status"), folder.Answer.Str("folder_name"), folder.Answer.Number("total_files")));
        Assert.Equal(files.Values.Sum(f => (long)f.Bytes.Length), folder.Answer.Number("total_size"));
        foreach (var (fileId, file) in folder.Files)
        {
            await server.Api.UploadFolderFileAsync(fileId, file);
            var merged = await server.Api.MergeAsync(fileId, file.Md5).ExpectOkAsync();
            var path = files.Single(f => f.Value == file).Key;
            Assert.Equal(path, merged.Str("file_path"));
            Assert.Equal(file.Md5, await server.Factory.Stored.Md5OfMergedAsync(path));
        }

        var summary = await server.Api.FolderSummaryAsync(folder.FolderTaskId).ExpectOkAsync();
        Assert.Equal(
            ["completed_files", "completion_rate", "failed_files", "folder_task_id", "status", "total_files", "total_size", "uploaded_size"],
            summary.FieldNames());
        Assert.Equal(("completed", 2L, 0L), (summary.Str("status"), summary.Number("completed_files"), summary.Number("failed_files")));
        Assert.Equal(100.0, summary.GetProperty("completion_rate").GetDouble());
        Assert.Equal(summary.Number("total_size"), summary.Number("uploaded_size"));
    }

    [Fact]
    public async Task The_folder_detail_has_go_uploaders_fields_and_a_summary_per_file()
    {
        using var server = new FakeClockServer();
        var stem = $"docs-{Guid.NewGuid():N}";
        var files = new Dictionary<string, SourceFile>
        {
            [$"{stem}/b/report.pdf"] = SourceFile.Random(2 * ChunkSize, ChunkSize),
            [$"{stem}/a.txt"] = SourceFile.Random(ChunkSize, ChunkSize),
        };
        var folder = await server.Api.CreateFolderAsync(stem, files);
        var (firstId, first) = folder.Files.First();
        await server.Api.UploadChunksAsync(first, []);
        await server.Api.UploadAsync(first.Request(0) with { FileId = firstId, FileName = null }).ExpectOkAsync();

        var detail = await server.Api.TaskAsync(folder.FolderTaskId).ExpectOkAsync();

        foreach (var field in new[] { "task_id", "file_id", "task_type", "folder_name", "total_files", "completed_files", "failed_files", "file_size", "uploaded_size", "status", "completion_rate", "created_at", "updated_at", "sub_tasks" })
        {
            Assert.True(detail.TryGetProperty(field, out _), $"the folder detail has no {field}");
        }

        Assert.Equal((folder.FolderTaskId, folder.FolderTaskId, "folder"), (detail.Str("task_id"), detail.Str("file_id"), detail.Str("task_type")));
        Assert.Equal(("uploading", 2L, (long)ChunkSize), (detail.Str("status"), detail.Number("total_files"), detail.Number("uploaded_size")));
        var subTasks = detail.GetProperty("sub_tasks").EnumerateArray().ToList();
        Assert.Equal([$"{stem}/a.txt", $"{stem}/b/report.pdf"], subTasks.Select(s => s.Str("relative_path")));
        Assert.Equal(["a.txt", "report.pdf"], subTasks.Select(s => s.Str("filename")));
        Assert.All(subTasks, s => Assert.Equal(("file", folder.FolderTaskId), (s.Str("task_type"), s.Str("parent_task_id"))));
        var started = subTasks.Single(s => s.Str("file_id") == firstId);
        Assert.Equal((1L, 2L), (started.Number("uploaded_chunks"), started.Number("total_chunks")));

        var listed = await server.Api.FolderSubTasksAsync(folder.FolderTaskId).ExpectOkAsync();
        Assert.Equal(["folder_task_id", "sub_tasks", "total"], listed.FieldNames());
        Assert.Equal(2, listed.Number("total"));
        Assert.Equal(subTasks.Select(s => s.Str("file_id")), listed.GetProperty("sub_tasks").EnumerateArray().Select(s => s.Str("file_id")));

        var fileDetail = await server.Api.TaskAsync(firstId).ExpectOkAsync();
        Assert.Equal(("file", folder.FolderTaskId), (fileDetail.Str("task_type"), fileDetail.Str("parent_task_id")));
    }

    [Fact]
    public async Task The_task_list_shows_a_folder_as_one_row_and_a_status_filter_lists_its_files()
    {
        using var server = new FakeClockServer();
        var single = SourceFile.Random(ChunkSize, ChunkSize);
        await server.Api.UploadChunksAsync(single, [0]);
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var stem = $"tree-{Guid.NewGuid():N}";
        var folder = await server.Api.CreateFolderAsync(stem, new Dictionary<string, SourceFile>
        {
            [$"{stem}/x.bin"] = SourceFile.Random(ChunkSize, ChunkSize),
            [$"{stem}/y/z.bin"] = SourceFile.Random(2 * ChunkSize, ChunkSize),
        });

        var list = await server.Api.ListTasksAsync().ExpectOkAsync();
        var filtered = await server.Api.ListTasksAsync("?status=uploading").ExpectOkAsync();

        var rows = list.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(2, list.Number("total"));
        Assert.Equal([folder.FolderTaskId, single.FileId], rows.Select(r => r.Str("task_id")));
        Assert.Equal(("folder", stem, 3L, 3L * ChunkSize), (rows[0].Str("task_type"), rows[0].Str("filename"), rows[0].Number("total_chunks"), rows[0].Number("file_size")));
        Assert.False(rows[1].TryGetProperty("parent_task_id", out _));
        var filteredRows = filtered.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(3, filtered.Number("total"));
        Assert.Equal(
            folder.Files.Keys.Append(single.FileId).Order(StringComparer.Ordinal),
            filteredRows.Select(r => r.Str("file_id")!).Order(StringComparer.Ordinal));
        Assert.All(filteredRows.Where(r => r.Str("file_id") != single.FileId), r => Assert.Equal(folder.FolderTaskId, r.Str("parent_task_id")));
    }

    [Fact]
    public async Task Pause_and_resume_of_a_folder_act_on_all_its_files()
    {
        using var server = new FakeClockServer();
        var stem = $"p-{Guid.NewGuid():N}";
        var folder = await server.Api.CreateFolderAsync(stem, new Dictionary<string, SourceFile>
        {
            [$"{stem}/one.bin"] = SourceFile.Random(2 * ChunkSize, ChunkSize),
            [$"{stem}/two.bin"] = SourceFile.Random(2 * ChunkSize, ChunkSize),
        });
        var (fileId, file) = folder.Files.First();

        var paused = await server.Api.PauseAsync(folder.FolderTaskId).ExpectOkAsync();

        Assert.Equal(("paused", "folder"), (paused.Str("status"), paused.Str("task_type")));
        foreach (var id in folder.Files.Keys)
        {
            Assert.Equal("paused", await server.Api.TaskStatusAsync(id));
        }

        await server.Api.UploadAsync(file.Request(0) with { FileId = fileId, FileName = null }).ExpectProblemAsync(409, "task_paused");

        var resumed = await server.Api.ResumeAsync(folder.FolderTaskId).ExpectOkAsync();

        Assert.Equal("uploading", resumed.Str("status"));
        foreach (var id in folder.Files.Keys)
        {
            Assert.Equal("uploading", await server.Api.TaskStatusAsync(id));
        }

        await server.Api.UploadAsync(file.Request(0) with { FileId = fileId, FileName = null }).ExpectOkAsync();
    }

    [Fact]
    public async Task Deleting_a_folder_removes_every_file_with_its_chunk_data()
    {
        using var server = new FakeClockServer();
        var stem = $"d-{Guid.NewGuid():N}";
        var folder = await server.Api.CreateFolderAsync(stem, new Dictionary<string, SourceFile>
        {
            [$"{stem}/one.bin"] = SourceFile.Random(2 * ChunkSize, ChunkSize),
            [$"{stem}/two.bin"] = SourceFile.Random(ChunkSize, ChunkSize),
        });
        foreach (var (fileId, file) in folder.Files)
        {
            await server.Api.UploadAsync(file.Request(0) with { FileId = fileId, FileName = null }).ExpectOkAsync();
            Assert.NotEmpty(await server.Factory.StoredChunksAsync(fileId));
        }

        var taskIds = new List<Guid>();
        foreach (var fileId in folder.Files.Keys)
        {
            taskIds.Add(await server.Factory.TaskIdAsync(fileId));
        }

        var deleted = await server.Api.DeleteTaskAsync(folder.FolderTaskId).ExpectOkAsync();

        Assert.Equal(("ok", folder.FolderTaskId), (deleted.Str("status"), deleted.Str("file_id")));
        foreach (var fileId in folder.Files.Keys)
        {
            Assert.Null(await server.Api.TaskStatusAsync(fileId));
        }

        foreach (var id in taskIds)
        {
            Assert.Empty(await server.Factory.Stored.ChunksAsync(id, null));
        }

        await server.Api.FolderSummaryAsync(folder.FolderTaskId).ExpectProblemAsync(404, "task_not_found");
        await server.Api.TaskAsync(folder.FolderTaskId).ExpectProblemAsync(404, "task_not_found");
        Assert.Equal(0, (await server.Api.ListTasksAsync().ExpectOkAsync()).Number("total"));
    }

    [Fact]
    public async Task Deleting_a_folder_with_delete_file_removes_its_completed_files_merged_files_and_keeps_them_without()
    {
        using var server = new FakeClockServer();
        var kept = await server.CreateFolderAsync($"k-{Guid.NewGuid():N}");
        var gone = await server.CreateFolderAsync($"g-{Guid.NewGuid():N}");
        var paths = new Dictionary<string, string>();
        foreach (var (fileId, file) in kept.Files.Concat(gone.Files))
        {
            await server.Api.UploadFolderFileAsync(fileId, file);
            paths[fileId] = (await server.Api.MergeAsync(fileId, file.Md5).ExpectOkAsync()).Str("file_path")!;
        }

        await server.Api.DeleteTaskAsync(kept.FolderTaskId).ExpectOkAsync();
        await server.Api.DeleteTaskAsync(gone.FolderTaskId, "?delete_file=true").ExpectOkAsync();

        foreach (var fileId in kept.Files.Keys)
        {
            Assert.True(await server.Factory.Stored.MergedExistsAsync(paths[fileId]), $"{paths[fileId]} was deleted without delete_file");
        }

        foreach (var fileId in gone.Files.Keys)
        {
            Assert.False(await server.Factory.Stored.MergedExistsAsync(paths[fileId]), $"{paths[fileId]} is still there");
        }
    }

    [Fact]
    public async Task A_folder_goes_with_its_last_file_when_the_files_are_deleted_one_by_one()
    {
        using var server = new FakeClockServer();
        var stem = $"e-{Guid.NewGuid():N}";
        var folder = await server.Api.CreateFolderAsync(stem, new Dictionary<string, SourceFile>
        {
            [$"{stem}/one.bin"] = SourceFile.Random(ChunkSize, ChunkSize),
            [$"{stem}/two.bin"] = SourceFile.Random(ChunkSize, ChunkSize),
        });
        var (first, last) = (folder.Files.Keys.First(), folder.Files.Keys.Last());

        await server.Api.DeleteTaskAsync(first).ExpectOkAsync();
        var left = await server.Api.FolderSummaryAsync(folder.FolderTaskId).ExpectOkAsync();
        await server.Api.DeleteTaskAsync(last).ExpectOkAsync();

        Assert.Equal(1, left.Number("total_files"));
        await server.Api.FolderSummaryAsync(folder.FolderTaskId).ExpectProblemAsync(404, "task_not_found");
        Assert.Equal(0, (await server.Api.ListTasksAsync().ExpectOkAsync()).Number("total"));
    }

    [Fact]
    public async Task Expiry_treats_a_folder_as_a_unit_no_file_expires_while_another_is_active()
    {
        using var server = new FakeClockServer(config =>
        {
            config["task_expiry_hours"] = 1;
            config["cleanup_interval"] = 7200;
        });
        var stem = $"x-{Guid.NewGuid():N}";
        var folder = await server.CreateFolderAsync(stem);
        var (idleId, _) = folder.Files.First();
        var (activeId, active) = folder.Files.Last();

        server.Clock.Advance(TimeSpan.FromMinutes(90));
        await server.Api.UploadAsync(active.Request(0) with { FileId = activeId, FileName = null }).ExpectOkAsync();
        var whileActive = await server.AdvanceUntilSweptAsync(TimeSpan.FromMinutes(30));

        Assert.Equal(0, whileActive.Expired!.Cleaned);
        Assert.Equal(("uploading", "uploading"), (await server.Api.TaskStatusAsync(idleId), await server.Api.TaskStatusAsync(activeId)));

        var afterIdle = await server.AdvanceUntilSweptAsync(TimeSpan.FromHours(2));

        Assert.Equal(2, afterIdle.Expired!.Cleaned);
        await server.Api.FolderSummaryAsync(folder.FolderTaskId).ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task A_folder_of_thousands_of_files_with_long_paths_fits_its_body_limit()
    {
        using var server = new FakeClockServer();
        var deep = string.Join('/', Enumerable.Repeat("subfolder-with-a-long-name", 14));
        var files = Enumerable.Range(0, 3000)
            .Select(i => new { name = $"{i}.txt", relative_path = $"big/{deep}/{i}.txt", size = 1, total_chunks = 1 })
            .ToList();
        using var body = JsonContent.Create(new { folder_name = "big", files });
        await body.LoadIntoBufferAsync();

        var created = await server.Api.Http.PostAsync(new Uri("go-uploader/folder_tasks", UriKind.Relative), body).ExpectOkAsync();

        Assert.True(body.Headers.ContentLength > 1024 * 1024, $"the body has {body.Headers.ContentLength} bytes, within the default limit");
        Assert.Equal(3000, created.Number("total_files"));
        Assert.Equal(3000, (await server.Api.FolderSubTasksAsync(created.Str("folder_task_id")!).ExpectOkAsync()).Number("total"));
    }

    public static TheoryData<string, int, string> BadFolders => new()
    {
        { """{"folder_name":"f","files":[{"name":"a","relative_path":"f/a.txt","size":1,"total_chunks":1},{"name":"a","relative_path":"f/a.txt","size":2,"total_chunks":1}]}""", 400, "invalid_path" },
        { """{"folder_name":"f","files":[{"name":"a","relative_path":"../a.txt","size":1,"total_chunks":1}]}""", 400, "invalid_path" },
        { """{"folder_name":"../f","files":[{"name":"a","size":1,"total_chunks":1}]}""", 400, "invalid_path" },
        { """{"folder_name":"f","files":[]}""", 400, "validation_failed" },
        { """{"folder_name":"","files":[{"name":"a","size":1,"total_chunks":1}]}""", 400, "validation_failed" },
        { """{"folder_name":"f","files":[{"name":"a","size":1,"total_chunks":0}]}""", 400, "validation_failed" },
        { """{"folder_name":"f","files":[{"name":"a","size":1,"total_chunks":2}]}""", 400, "validation_failed" },
        { """{"folder_name":"f","files":[{"name":"a","size":99999999999999,"total_chunks":1}]}""", 413, "file_too_large" },
    };

    [Theory]
    [MemberData(nameof(BadFolders))]
    public async Task A_bad_folder_is_refused_with_its_code_and_creates_nothing(string body, int status, string code)
    {
        using var server = new FakeClockServer();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        await server.Api.Http.PostAsync(new Uri("go-uploader/folder_tasks", UriKind.Relative), content).ExpectProblemAsync(status, code);

        Assert.Equal(0, (await server.Api.ListTasksAsync().ExpectOkAsync()).Number("total"));
        Assert.Equal(0, (await server.Api.ListTasksAsync("?status=uploading").ExpectOkAsync()).Number("total"));
    }

    [Fact]
    public async Task The_folder_routes_need_the_key()
    {
        using var server = new FakeClockServer();
        using var anonymous = server.Factory.CreateClient();
        using var body = JsonContent.Create(new { folder_name = "f", files = new[] { new { name = "a", size = 1, total_chunks = 1 } } });

        await anonymous.PostAsync(new Uri("go-uploader/folder_tasks", UriKind.Relative), body).ExpectProblemAsync(401, "unauthorized");
        await anonymous.GetAsync(new Uri("go-uploader/folder_tasks/x/summary", UriKind.Relative)).ExpectProblemAsync(401, "unauthorized");
        await anonymous.GetAsync(new Uri("go-uploader/folder_tasks/x/sub_tasks", UriKind.Relative)).ExpectProblemAsync(401, "unauthorized");
    }
}
