using Microsoft.Playwright;

namespace Uploader.Browser.Tests.Console;

/// <summary>The console's task table, detail and system view, over tasks set up with the key beside the page.</summary>
public sealed class ConsoleAdminTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    private const int Chunk = 1000;

    [Fact]
    public async Task The_task_table_filters_searches_acts_and_shows_the_chunk_map()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var partial = $"partial-{tag}";
        var done = $"done-{tag}";
        var other = $"other-{tag}";
        await server.UploadChunkAsync(partial, 0, 4, 4 * Chunk, new byte[Chunk], $"partial-{tag}.bin", Chunk);
        await server.UploadChunkAsync(partial, 2, 4, 4 * Chunk, new byte[Chunk], $"partial-{tag}.bin", Chunk);
        await server.UploadChunkAsync(other, 0, 2, 2 * Chunk, new byte[Chunk], $"other-{tag}.bin", Chunk);
        await server.UploadChunkAsync(done, 0, 1, 5, "hello"u8.ToArray(), $"done-{tag}.txt", 5);
        await server.SendAsync(HttpMethod.Post, "merge_chunks", new { file_id = done });

        await using var browser = await BrowserSession.StartAsync();
        var console = new ConsolePage(browser, server);
        await server.ExplainFailuresAsync(() => browser.ExplainFailuresAsync(nameof(The_task_table_filters_searches_acts_and_shows_the_chunk_map), async () =>
        {
            await console.OpenAsync();
            await console.LoginAndWaitAsync();
            await console.ShowAsync("tasks");
            var rows = console.Page.Locator("#task-table tbody tr[data-file-id]");
            ILocator RowOf(string id) => console.Page.Locator($"#task-table tbody tr[data-file-id='{id}']");

            await console.Page.FillAsync("#task-search", tag);
            await Assertions.Expect(rows).ToHaveCountAsync(3);
            await console.Page.FillAsync("#task-search", $"partial-{tag}");
            await Assertions.Expect(rows).ToHaveCountAsync(1);
            await Assertions.Expect(RowOf(partial)).ToBeVisibleAsync();

            await console.Page.FillAsync("#task-search", tag);
            await console.Page.SelectOptionAsync("#task-status", "completed");
            await Assertions.Expect(rows).ToHaveCountAsync(1);
            await Assertions.Expect(RowOf(done).Locator("a.download")).ToHaveAttributeAsync("href", new Uri(server.BaseAddress, $"go-uploader/files/{done}").AbsoluteUri);
            var downloaded = await console.Page.EvaluateAsync<string>($"async () => (await fetch('/go-uploader/files/{done}')).text()");
            Assert.Equal("hello", downloaded);
            await console.Page.SelectOptionAsync("#task-status", "");

            await RowOf(partial).Locator("button.detail").ClickAsync();
            var map = console.Page.Locator("#chunk-map .chunk");
            await Assertions.Expect(map).ToHaveCountAsync(4);
            Assert.Equal(["stored", "missing", "stored", "missing"], await map.EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.state)"));
            await browser.SaveScreenshotAsync("console-tasks");

            await RowOf(partial).Locator("button.pause").ClickAsync();
            await Assertions.Expect(RowOf(partial)).ToHaveAttributeAsync("data-status", "paused");
            Assert.Equal("paused", (await server.UploadStatusAsync(partial))!.Value.GetProperty("status").GetString());
            await RowOf(partial).Locator("button.resume").ClickAsync();
            await Assertions.Expect(RowOf(partial)).ToHaveAttributeAsync("data-status", "uploading");

            await RowOf(partial).Locator("input.select").CheckAsync();
            await RowOf(other).Locator("input.select").CheckAsync();
            await Assertions.Expect(console.Page.Locator("#batch-count")).ToHaveTextAsync("2 selected");
            await console.Page.ClickAsync("#batch-pause");
            await Assertions.Expect(RowOf(partial)).ToHaveAttributeAsync("data-status", "paused");
            await Assertions.Expect(RowOf(other)).ToHaveAttributeAsync("data-status", "paused");

            console.Page.Dialog += (_, dialog) => dialog.AcceptAsync();
            await console.Page.CheckAsync("#delete-file");
            await RowOf(done).Locator("button.delete").ClickAsync();
            await Assertions.Expect(RowOf(done)).ToHaveCountAsync(0);
            Assert.Null(await server.UploadStatusAsync(done));
            Assert.False(File.Exists(Path.Combine(server.MergedDir, $"done-{tag}.txt")));

            await console.Page.ClickAsync("#task-cleanup");
            await Assertions.Expect(console.Page.Locator("#task-message")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Cleaned [0-9]+ tasks, freed "));
            await console.Page.ClickAsync("#task-resume-failed");
            await Assertions.Expect(console.Page.Locator("#task-message")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Resumed [0-9]+ tasks\\.$"));
            Assert.Empty(console.Problems);
        }));
    }

    [Fact]
    public async Task The_task_table_pages_through_what_the_server_counts()
    {
        var tag = "paged-" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 23; i++)
        {
            await server.UploadChunkAsync($"{tag}-{i}", 0, 2, 2 * Chunk, new byte[Chunk], $"{tag}-{i}.bin", Chunk);
        }

        await using var browser = await BrowserSession.StartAsync();
        var console = new ConsolePage(browser, server);
        await server.ExplainFailuresAsync(() => browser.ExplainFailuresAsync(nameof(The_task_table_pages_through_what_the_server_counts), async () =>
        {
            await console.OpenAsync();
            await console.LoginAndWaitAsync();
            await console.ShowAsync("tasks");
            await console.Page.FillAsync("#task-search", tag);
            var rows = console.Page.Locator("#task-table tbody tr[data-file-id]");
            await Assertions.Expect(console.Page.Locator("#page-text")).ToHaveTextAsync("Page 1 of 2 (23 tasks)");
            await Assertions.Expect(rows).ToHaveCountAsync(20);
            await Assertions.Expect(console.Page.Locator("#page-prev")).ToBeDisabledAsync();

            await console.Page.ClickAsync("#page-next");
            await Assertions.Expect(console.Page.Locator("#page-text")).ToHaveTextAsync("Page 2 of 2 (23 tasks)");
            await Assertions.Expect(rows).ToHaveCountAsync(3);
            await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-file-id", $"{tag}-2");
            await Assertions.Expect(console.Page.Locator("#page-next")).ToBeDisabledAsync();
            Assert.Empty(console.Problems);
        }));
    }

    [Fact]
    public async Task A_folder_row_opens_onto_its_files()
    {
        var name = "shelf-" + Guid.NewGuid().ToString("N")[..6];
        var created = await server.SendAsync(HttpMethod.Post, "folder_tasks", new
        {
            folder_name = name,
            files = new[]
            {
                new { name = "a.txt", relative_path = $"{name}/a.txt", size = 3, total_chunks = 1 },
                new { name = "b.txt", relative_path = $"{name}/deep/b.txt", size = 3, total_chunks = 1 },
            },
        });
        var folderId = created.GetProperty("folder_task_id").GetString()!;

        await using var browser = await BrowserSession.StartAsync();
        var console = new ConsolePage(browser, server);
        await server.ExplainFailuresAsync(() => browser.ExplainFailuresAsync(nameof(A_folder_row_opens_onto_its_files), async () =>
        {
            await console.OpenAsync();
            await console.LoginAndWaitAsync();
            await console.ShowAsync("tasks");
            await console.Page.FillAsync("#task-search", name);
            var folder = console.Page.Locator($"#task-table tbody tr[data-file-id='{folderId}']");
            await Assertions.Expect(folder).ToContainTextAsync("folder");
            await folder.Locator("button.toggle").ClickAsync();
            var children = console.Page.Locator("#task-table tbody tr.child");
            await Assertions.Expect(children).ToHaveCountAsync(2);
            await Assertions.Expect(children.Nth(1)).ToContainTextAsync($"{name}/deep/b.txt");
            await folder.Locator("button.detail").ClickAsync();
            await Assertions.Expect(console.Page.Locator("#task-detail [data-field=total_files]")).ToHaveTextAsync("2");
            Assert.Empty(console.Problems);
        }));
    }

    [Fact]
    public async Task The_system_view_shows_health_disk_and_the_servers_task_counts()
    {
        var counts = (await server.SendAsync(HttpMethod.Get, "system")).GetProperty("tasks").GetProperty("by_status");
        await using var browser = await BrowserSession.StartAsync();
        var console = new ConsolePage(browser, server);
        await server.ExplainFailuresAsync(() => browser.ExplainFailuresAsync(nameof(The_system_view_shows_health_disk_and_the_servers_task_counts), async () =>
        {
            await console.OpenAsync();
            await console.LoginAndWaitAsync();
            await console.ShowAsync("system");
            await Assertions.Expect(console.Page.Locator("#system-health h3")).ToContainTextAsync("healthy");
            await Assertions.Expect(console.Page.Locator("#system-disk progress")).ToHaveCountAsync(2);
            await Assertions.Expect(console.Page.Locator("#system-tasks dd[data-status=completed]"))
                .ToHaveTextAsync(counts.GetProperty("completed").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
            await browser.SaveScreenshotAsync("console-system");
            Assert.Empty(console.Problems);
        }));
    }
}
