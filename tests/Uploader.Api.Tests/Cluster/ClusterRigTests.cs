using Xunit.Sdk;

namespace Uploader.Api.Tests;

/// <summary>The rig itself: whatever happens in a test, or while the rig starts, no process of it is left running.</summary>
[Collection(ServerProcessGroup.Name)]
public sealed class ClusterRigTests
{
    [Fact]
    public async Task A_rig_whose_test_fails_leaves_no_process_and_no_folder()
    {
        string folder = "", nginxFolder = "";
        int[] workers = [];
        var failure = await Assert.ThrowsAsync<XunitException>(async () =>
        {
            using var rig = await ClusterRig.StartAsync(Options());
            folder = rig.Folder;
            nginxFolder = rig.Proxy.Folder;
            workers = [.. ClusterRig.ProcessesNaming(nginxFolder).SelectMany(ChildrenOf)];

            // Alive while the test runs: the three servers and nginx, whose worker is its child.
            Assert.Equal(rig.Instances.Select(i => i.Process.Id).Order(), ClusterRig.ProcessesNaming(folder).Order());
            Assert.Single(ClusterRig.ProcessesNaming(nginxFolder));
            Assert.NotEmpty(workers);
            using var api = UploaderApi.ForProcess(rig.BaseAddress, TimeSpan.FromSeconds(30));
            await api.UploadAllAsync(SourceFile.Random(3 * 1024, 1024));
            throw new XunitException("the test failed here");
        });

        Assert.Equal("the test failed here", failure.Message);
        Assert.Empty(ClusterRig.ProcessesNaming(folder));
        Assert.Empty(ClusterRig.ProcessesNaming(nginxFolder));
        Assert.All(workers, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"nginx worker {pid} is still running"));
        Assert.False(Directory.Exists(folder));
        Assert.False(Directory.Exists(nginxFolder));
    }

    [Fact]
    public async Task A_rig_with_an_instance_that_cannot_start_fails_to_start_and_leaves_no_process()
    {
        var folder = "";
        var failure = await Assert.ThrowsAsync<XunitException>(() => ClusterRig.StartAsync(Options() with
        {
            Configure = (instance, config) =>
            {
                folder = Path.GetDirectoryName(config["upload_dir"]!.GetValue<string>())!;
                if (instance == 3)
                {
                    config["max_chunks"] = "many";
                }
            },
        }));

        // The message carries the instance's own words about its config.
        Assert.Contains("max_chunks", failure.Message, StringComparison.Ordinal);
        Assert.NotEqual("", folder);
        Assert.Empty(ClusterRig.ProcessesNaming(folder));
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void The_nginx_config_in_docs_scale_out_is_the_one_the_rig_runs()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Uploader.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("no Uploader.sln above " + AppContext.BaseDirectory);
        }

        // The page's example: three instances on 18101-18103 behind nginx on 8080, run as root.
        var page = File.ReadAllText(Path.Combine(root.FullName, "docs", "scale-out.md"));
        var example = page.Split("```nginx\n", 2)[1].Split("```", 2)[0];
        var rendered = NginxProxy.RenderConfig(
            "root", "127.0.0.1:8080", [.. Enumerable.Range(18101, 3).Select(p => new Uri($"http://127.0.0.1:{p}/"))], TimeSpan.FromSeconds(60));

        // Regenerate the example from the rendered config when nginx-balancer.conf changes (its comments stay out).
        Assert.Equal(Significant(rendered), Significant(example));
    }

    private static string[] Significant(string config) =>
        [.. config.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))];

    private static ClusterOptions Options() => new()
    {
        Database = ClusterDatabase.SharedSqlite,
        SecretKey = UploaderFactory.SecretKey,
    };

    private static IEnumerable<int> ChildrenOf(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task")
            .SelectMany(thread => File.ReadAllText(Path.Combine(thread, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture));
}
