namespace Uploader.Browser.Tests.Console;

/// <summary>Uploads from the web console in Chromium against the real server process, checked on the server's disk.</summary>
public sealed class ConsoleUploadTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_50_MiB_file_is_uploaded_in_chunks_of_the_servers_size_and_merged_with_its_md5()
    {
        var file = await ConsolePage.RandomFileAsync(server.ScratchDir, "fifty-mib.bin", 50 * MiB);
        await ConsolePage.RunAsync(server, nameof(A_50_MiB_file_is_uploaded_in_chunks_of_the_servers_size_and_merged_with_its_md5), async (console, browser) =>
        {
            await console.LoginAndWaitAsync();
            await console.PickFilesAsync(file);
            await console.WaitForStateAsync("fifty-mib.bin", "completed");
            await browser.SaveScreenshotAsync("console-upload");

            var fileId = await console.FileIdOfAsync("fifty-mib.bin");
            var task = await server.TaskAsync(fileId);
            var md5 = ConsolePage.Md5Of(file);
            Assert.Equal("completed", task.GetProperty("status").GetString());
            Assert.Equal(md5, task.GetProperty("md5").GetString());
            Assert.Equal(md5, ConsolePage.Md5Of(Path.Combine(server.MergedDir, "fifty-mib.bin")));
            Assert.Equal(50, task.GetProperty("total_chunks").GetInt32());
            Assert.All(task.GetProperty("chunks").EnumerateArray(), c => Assert.Equal(ConsoleServer.MaxChunkSize, c.GetProperty("size").GetInt64()));
            Assert.Contains(md5, await console.Row("fifty-mib.bin").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(50, console.ChunkRequests);
        });
    }

    [Fact]
    public async Task A_picked_folder_lands_under_merged_dir_with_its_nested_paths_as_one_folder_task()
    {
        var root = Path.Combine(server.ScratchDir, "picked-" + Guid.NewGuid().ToString("N")[..8]);
        string[] paths = ["album/cover.txt", "album/disc 1/track.bin", "album/disc 1/notes/liner.md"];
        var files = new Dictionary<string, string>();
        foreach (var (path, size) in paths.Zip([10_000, 3 * MiB + 17, 0]))
        {
            files[path] = await ConsolePage.RandomFileAsync(root, path, size);
        }

        await ConsolePage.RunAsync(server, nameof(A_picked_folder_lands_under_merged_dir_with_its_nested_paths_as_one_folder_task), async (console, _) =>
        {
            await console.LoginAndWaitAsync();
            await console.PickFolderAsync(Path.Combine(root, "album"));
            foreach (var path in paths)
            {
                await console.WaitForStateAsync(path, "completed");
            }

            foreach (var (path, local) in files)
            {
                Assert.Equal(ConsolePage.Md5Of(local), ConsolePage.Md5Of(Path.Combine(server.MergedDir, path)));
            }

            var task = await server.TaskAsync(await console.FileIdOfAsync("album/cover.txt"));
            var folder = await server.TaskAsync(task.GetProperty("parent_task_id").GetString()!);
            Assert.Equal("folder", folder.GetProperty("task_type").GetString());
            Assert.Equal("album", folder.GetProperty("folder_name").GetString());
            Assert.Equal(3, folder.GetProperty("completed_files").GetInt32());
        });
    }

    [Fact]
    public async Task Files_dropped_on_the_drop_zone_are_uploaded()
    {
        var name = "dropped-" + Guid.NewGuid().ToString("N")[..8] + ".txt";
        await ConsolePage.RunAsync(server, nameof(Files_dropped_on_the_drop_zone_are_uploaded), async (console, _) =>
        {
            await console.LoginAndWaitAsync();

            // What a drag from the desktop delivers: a drop event whose DataTransfer holds the file.
            var dropped = await console.Page.EvaluateHandleAsync(
                "name => { const t = new DataTransfer(); t.items.add(new File(['dropped on the zone'], name, { type: 'text/plain' })); return t; }", name);
            await console.Page.DispatchEventAsync("#drop-zone", "drop", new { dataTransfer = dropped });

            await console.WaitForStateAsync(name, "completed");
            Assert.Equal("dropped on the zone", await File.ReadAllTextAsync(Path.Combine(server.MergedDir, name)));
        });
    }

    [Fact]
    public async Task Pause_stops_the_upload_on_the_server_and_resume_finishes_it()
    {
        var file = await ConsolePage.RandomFileAsync(server.ScratchDir, "pause-me.bin", 20 * MiB);
        await ConsolePage.RunAsync(server, nameof(Pause_stops_the_upload_on_the_server_and_resume_finishes_it), async (console, _) =>
        {
            await console.LoginAndWaitAsync();
            await console.ThrottleChunksAsync(TimeSpan.FromMilliseconds(300));
            await console.PickFilesAsync(file);
            await console.Row("pause-me.bin").WaitForAsync();
            var fileId = await console.FileIdOfAsync("pause-me.bin");
            await console.WaitForStoredChunksAsync(fileId, 3);

            await console.Row("pause-me.bin").Locator("button.pause").ClickAsync();
            await console.WaitForStateAsync("pause-me.bin", "paused");
            await WaitForServerStatusAsync(fileId, "paused");
            var stored = await server.StoredChunksAsync(fileId);
            await Task.Delay(1500);
            Assert.Equal(stored, await server.StoredChunksAsync(fileId));
            Assert.True(stored < 20, $"{stored} chunks stored before the pause");

            await console.UnthrottleAsync();
            await console.Row("pause-me.bin").Locator("button.resume").ClickAsync();
            await console.WaitForStateAsync("pause-me.bin", "completed");
            Assert.Equal(ConsolePage.Md5Of(file), ConsolePage.Md5Of(Path.Combine(server.MergedDir, "pause-me.bin")));
        });
    }

    [Fact]
    public async Task After_a_reload_the_same_file_picked_again_sends_only_the_chunks_the_server_lacks()
    {
        var file = await ConsolePage.RandomFileAsync(server.ScratchDir, "reload-me.bin", 24 * MiB);
        await ConsolePage.RunAsync(server, nameof(After_a_reload_the_same_file_picked_again_sends_only_the_chunks_the_server_lacks), async (console, browser) =>
        {
            await console.LoginAndWaitAsync();
            await console.ThrottleChunksAsync(TimeSpan.FromMilliseconds(300));
            await console.PickFilesAsync(file);
            await console.Row("reload-me.bin").WaitForAsync();
            var fileId = await console.FileIdOfAsync("reload-me.bin");
            await console.WaitForStoredChunksAsync(fileId, 5);

            await console.UnthrottleAsync();
            await console.Page.ReloadAsync();
            var pending = console.Page.Locator($"#pending-list li[data-file-id='{fileId}']");
            await pending.WaitForAsync();
            await browser.SaveScreenshotAsync("console-resume");
            await Task.Delay(500);
            var stored = await server.StoredChunksAsync(fileId);
            var receivedBefore = await server.ChunksReceivedAsync();
            var requestsBefore = console.ChunkRequests;
            Assert.InRange(stored, 5, 23);

            await console.PickFilesAsync(file);
            await console.WaitForStateAsync("reload-me.bin", "completed");

            Assert.Equal(fileId, await console.FileIdOfAsync("reload-me.bin"));
            Assert.Equal(24 - stored, await server.ChunksReceivedAsync() - receivedBefore);
            Assert.Equal(24 - stored, console.ChunkRequests - requestsBefore);
            Assert.Equal(0, await pending.CountAsync());
            Assert.Equal(ConsolePage.Md5Of(file), ConsolePage.Md5Of(Path.Combine(server.MergedDir, "reload-me.bin")));
        });
    }

    [Fact]
    public async Task After_a_browser_restart_the_interrupted_upload_is_listed_and_finished_from_where_the_server_stopped()
    {
        var file = await ConsolePage.RandomFileAsync(server.ScratchDir, "restart-browser.bin", 12 * MiB);
        await using var browser = await BrowserSession.StartAsync();
        var console = new ConsolePage(browser, server);
        await server.ExplainFailuresAsync(() => browser.ExplainFailuresAsync(nameof(After_a_browser_restart_the_interrupted_upload_is_listed_and_finished_from_where_the_server_stopped), async () =>
        {
            await console.OpenAsync();
            await console.LoginAndWaitAsync();
            await console.ThrottleChunksAsync(TimeSpan.FromMilliseconds(300));
            await console.PickFilesAsync(file);
            await console.Row("restart-browser.bin").WaitForAsync();
            var fileId = await console.FileIdOfAsync("restart-browser.bin");
            await console.WaitForStoredChunksAsync(fileId, 3);

            await browser.RestartAsync();
            console = new ConsolePage(browser, server);
            await console.OpenAsync();
            await console.Page.Locator($"#pending-list li[data-file-id='{fileId}']").WaitForAsync();
            await Task.Delay(500);
            var stored = await server.StoredChunksAsync(fileId);
            await console.PickFilesAsync(file);
            await console.WaitForStateAsync("restart-browser.bin", "completed");

            Assert.Equal(fileId, await console.FileIdOfAsync("restart-browser.bin"));
            Assert.Equal(12 - stored, console.ChunkRequests);
            Assert.Equal(ConsolePage.Md5Of(file), ConsolePage.Md5Of(Path.Combine(server.MergedDir, "restart-browser.bin")));
            Assert.Empty(console.Problems);
        }));
    }

    [Fact]
    public async Task A_different_file_under_the_same_name_is_not_taken_for_the_interrupted_one()
    {
        var name = "same-name-" + Guid.NewGuid().ToString("N")[..8] + ".bin";
        var first = await ConsolePage.RandomFileAsync(server.ScratchDir, name, 6 * MiB);
        await ConsolePage.RunAsync(server, nameof(A_different_file_under_the_same_name_is_not_taken_for_the_interrupted_one), async (console, _) =>
        {
            await console.LoginAndWaitAsync();
            await console.ThrottleChunksAsync(TimeSpan.FromMilliseconds(300));
            await console.PickFilesAsync(first);
            await console.Row(name).WaitForAsync();
            var fileId = await console.FileIdOfAsync(name);
            await console.WaitForStoredChunksAsync(fileId, 2);
            await console.UnthrottleAsync();
            await console.Page.ReloadAsync();
            await console.Page.Locator($"#pending-list li[data-file-id='{fileId}']").WaitForAsync();

            // Same path, size and modification time, other bytes: only the md5 of a stored chunk tells them apart.
            var modified = File.GetLastWriteTimeUtc(first);
            await File.WriteAllBytesAsync(first, System.Security.Cryptography.RandomNumberGenerator.GetBytes(6 * MiB));
            File.SetLastWriteTimeUtc(first, modified);
            await console.PickFilesAsync(first);

            await console.WaitForStateAsync(name, "failed");
            Assert.Contains("not_same_file", await console.Row(name).InnerTextAsync(), StringComparison.Ordinal);
            Assert.NotEqual("completed", (await server.UploadStatusAsync(fileId))!.Value.GetProperty("status").GetString());
        });
    }

    [Fact]
    public async Task An_upload_survives_the_server_being_killed_and_restarted_mid_way()
    {
        var file = await ConsolePage.RandomFileAsync(server.ScratchDir, "survivor.bin", 20 * MiB);
        await ConsolePage.RunAsync(server, nameof(An_upload_survives_the_server_being_killed_and_restarted_mid_way), async (console, _) =>
        {
            await console.LoginAndWaitAsync();
            await console.ThrottleChunksAsync(TimeSpan.FromMilliseconds(200));
            await console.PickFilesAsync(file);
            await console.Row("survivor.bin").WaitForAsync();
            var fileId = await console.FileIdOfAsync("survivor.bin");
            await console.WaitForStoredChunksAsync(fileId, 4);

            await server.KillAndRestartAsync(TimeSpan.FromSeconds(2));
            Assert.InRange(await server.StoredChunksAsync(fileId), 4, 19);
            await console.UnthrottleAsync();

            await console.WaitForStateAsync("survivor.bin", "completed");
            Assert.Equal(ConsolePage.Md5Of(file), ConsolePage.Md5Of(Path.Combine(server.MergedDir, "survivor.bin")));
        });
    }

    private async Task WaitForServerStatusAsync(string fileId, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string? seen;
        while ((seen = (await server.UploadStatusAsync(fileId))?.GetProperty("status").GetString()) != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{fileId} is {seen}, never {status}");
            await Task.Delay(50);
        }
    }
}
