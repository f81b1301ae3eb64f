using System.Net;
using System.Text.Json.Nodes;

namespace Uploader.Api.Tests;

/// <summary>
/// Room for 64 chunks in flight on each instance (concurrent_uploads 64), all of them for the one client the
/// balancer is to an instance, so no queue refuses one.
/// </summary>
public sealed class WideQueueCluster : ClusterFixture
{
    protected override void Configure(int instance, JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config["concurrent_uploads"] = 64;
        config["max_uploads_per_client"] = 64;
    }
}

/// <summary>
/// Issue 11's races over the rig: requests of one task spread over three instances that share only the database
/// and the folders. Whatever instance answers, the database decides: each chunk is recorded once, one merge
/// writes the file, a pause or delete on one instance holds on the others from its answer on.
/// </summary>
[Collection(ServerProcessGroup.Name)]
public sealed class ClusterRaceTests(WideQueueCluster cluster) : IClassFixture<WideQueueCluster>
{
    private const string ChunksReceived = "uploader_chunks_received_total";
    private const int Rounds = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private ClusterRig Rig => cluster.Rig;

    private StoredFiles Stored => cluster.Stored;

    [Fact]
    public Task Sixty_four_parallel_chunks_of_one_task_spread_over_three_instances_are_all_recorded() => Rig.ExplainFailuresAsync(async () =>
    {
        using var api = cluster.Balanced(Timeout);
        var file = SourceFile.Random(64 * 16 * 1024, 16 * 1024);
        var tasksBefore = await Stored.TaskChunkCountsAsync();
        var before = await Rig.MetricAsync(ChunksReceived);

        await api.UploadAllAsync(file);

        var after = await Rig.MetricAsync(ChunksReceived);
        var received = after.Zip(before, (a, b) => a - b).ToArray();
        Assert.All(received, count => Assert.True(count > 0, $"chunks recorded per instance: {string.Join(", ", received)}"));
        Assert.Equal(64, received.Sum());
        foreach (var instance in Rig.Instances)
        {
            using var direct = cluster.Direct(instance.Number, Timeout);
            await direct.ExpectStoredAsync(file.FileId, [.. file.Indexes]);
        }

        var stored = Assert.Single(await Stored.TaskChunkCountsAsync(), t => !tasksBefore.ContainsKey(t.Key));
        Assert.Equal(64, stored.Value);
        Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
    });

    [Fact]
    public Task Two_merges_of_one_task_on_two_instances_at_once_write_one_file() => Rig.ExplainFailuresAsync(async () =>
    {
        using var api = cluster.Balanced(Timeout);
        using var first = cluster.Direct(1, Timeout);
        using var second = cluster.Direct(2, Timeout);
        for (var round = 0; round < Rounds; round++)
        {
            var file = SourceFile.Random(8 * 64 * 1024, 64 * 1024);
            await api.UploadAllAsync(file);

            var answers = await Task.WhenAll(first.MergeAsync(file.FileId, file.Md5), second.MergeAsync(file.FileId, file.Md5));
            var paths = new List<string>();
            foreach (var answer in answers)
            {
                using (answer)
                {
                    var body = await answer.Content.ReadAsStringAsync();
                    if (answer.StatusCode == HttpStatusCode.OK)
                    {
                        using var merged = System.Text.Json.JsonDocument.Parse(body);
                        Assert.Equal(file.Md5, merged.RootElement.Str("md5"));
                        paths.Add(merged.RootElement.Str("file_path")!);
                    }
                    else
                    {
                        Assert.True(answer.StatusCode == HttpStatusCode.Conflict && body.Contains("merge_in_progress", StringComparison.Ordinal), body);
                    }
                }
            }

            Assert.NotEmpty(paths);
            Assert.Single(paths.Distinct());
            var stem = Path.GetFileNameWithoutExtension(file.Name);
            Assert.Single(await Stored.MergedFilesAsync(), f => Path.GetFileName(f).StartsWith(stem, StringComparison.Ordinal));
            Assert.Equal(file.Md5, await Stored.Md5OfMergedAsync(paths[0]));
        }
    });

    [Fact]
    public Task A_pause_on_one_instance_holds_on_the_others_from_its_answer_on() => Rig.ExplainFailuresAsync(async () =>
    {
        using var api = cluster.Balanced(Timeout);
        using var first = cluster.Direct(1, Timeout);
        using var second = cluster.Direct(2, Timeout);
        using var third = cluster.Direct(3, Timeout);
        for (var round = 0; round < Rounds; round++)
        {
            var file = SourceFile.Random(8 * 64 * 1024, 64 * 1024);
            await api.UploadChunksAsync(file, [0, 1]);

            await first.PauseAsync(file.FileId).ExpectOkAsync();
            await second.UploadAsync(file.Request(2)).ExpectProblemAsync(409, "task_paused");
            await third.UploadAsync(file.Request(3)).ExpectProblemAsync(409, "task_paused");
            await second.MergeAsync(file.FileId, file.Md5).ExpectProblemAsync(409, "task_paused");
            Assert.Equal("paused", (await third.StatusAsync(file.FileId).ExpectOkAsync()).Str("status"));
            await third.ExpectStoredAsync(file.FileId, 0, 1);

            await second.ResumeAsync(file.FileId).ExpectOkAsync();
            await api.UploadChunksAsync(file, file.Indexes.Skip(2));
            Assert.Equal(file.Md5, (await third.MergeOkAsync(file)).Str("md5"));
        }
    });

    [Fact]
    public Task A_delete_on_one_instance_while_chunks_stream_into_another_leaves_nothing_behind() => Rig.ExplainFailuresAsync(async () =>
    {
        using var api = cluster.Balanced(Timeout);
        using var first = cluster.Direct(1, Timeout);
        using var second = cluster.Direct(2, Timeout);
        using var third = cluster.Direct(3, Timeout);
        for (var round = 0; round < Rounds; round++)
        {
            var file = SourceFile.Random(16 * 64 * 1024, 64 * 1024);
            var tasksBefore = await Stored.TaskChunkCountsAsync();
            await api.UploadChunksAsync(file, [0, 1]);

            // Chunks 2..15 go to the second instance with their last bytes held back: it is reading them, their
            // bytes already in its staging files, when the first instance deletes the task.
            var held = file.Indexes.Skip(2).Select(i => HeldContent.Wrapping(file.Request(i).ToContent())).ToList();
            var uploads = held.Select(body => second.Http.PostAsync(new Uri("go-uploader/upload_chunk", UriKind.Relative), body)).ToList();
            await UntilStagedAsync(held.Count);
            await first.DeleteTaskAsync(file.FileId).ExpectOkAsync();
            held.ForEach(body => body.Release());
            var answers = await Task.WhenAll(uploads).WaitAsync(Timeout);

            var accepted = new List<int>();
            for (var i = 0; i < answers.Length; i++)
            {
                using var answer = answers[i];
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    accepted.Add(i + 2);
                }
                else
                {
                    await Task.FromResult(answer).ExpectProblemAsync(404, "task_not_found");
                }
            }

            held.ForEach(body => body.Dispose());
            Assert.Empty(StagingFiles());

            // A chunk recorded after the delete starts a new task (the first chunk creates the task): then exactly
            // that task's chunks are on the volume, else nothing of the file is.
            var tasks = (await Stored.TaskChunkCountsAsync()).Where(t => !tasksBefore.ContainsKey(t.Key)).ToList();
            using var status = await third.StatusAsync(file.FileId);
            if (status.StatusCode == HttpStatusCode.OK)
            {
                var stored = await third.StoredChunksAsync(file.FileId);
                Assert.Subset(accepted.ToHashSet(), stored.ToHashSet());
                Assert.Equal(stored.Length, Assert.Single(tasks).Value);
                await api.DeleteTaskAsync(file.FileId).ExpectOkAsync();
            }
            else
            {
                await Task.FromResult(status).ExpectProblemAsync(404, "task_not_found");
                Assert.Empty(accepted);
                Assert.Empty(tasks);
            }
        }
    });

    private string[] StagingFiles()
    {
        var staging = Path.Combine(Rig.UploadDir, ".staging");
        return Directory.Exists(staging) ? Directory.GetFiles(staging, "*", SearchOption.AllDirectories) : [];
    }

    private async Task UntilStagedAsync(int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (StagingFiles().Length < count)
        {
            Assert.True(waited.Elapsed < Timeout, $"{StagingFiles().Length} of {count} held chunks reached the staging folder");
            await Task.Delay(20);
        }
    }
}
