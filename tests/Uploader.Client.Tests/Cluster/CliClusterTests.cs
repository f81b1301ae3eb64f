using System.Diagnostics;
using System.Globalization;
using Uploader.Client.Tests.Cli;
using Xunit.Abstractions;

namespace Uploader.Client.Tests.Cluster;

/// <summary>
/// `uploader upload` through nginx in front of three instances (issue 11): the balancer spreads the chunks over all
/// three, and an instance SIGKILLed mid-upload costs the upload nothing but the retries of its chunks in flight.
/// The CLI runs as its own process with its default retry settings.
/// </summary>
[Collection(ClusterGroup.Name)]
public sealed class CliClusterTests(CliCluster cluster, ITestOutputHelper output) : IClassFixture<CliCluster>, IDisposable
{
    private const string ChunksReceived = "uploader_chunks_received_total";
    private const int MiB = 1024 * 1024;
    private static readonly TimeSpan UploadLimit = TimeSpan.FromMinutes(5);

    private readonly TempFolder _folder = new();

    private ClusterRig Rig => cluster.Rig;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public Task A_200_MiB_upload_through_the_balancer_is_recorded_by_every_instance_and_merges_right() => Rig.ExplainFailuresAsync(async () =>
    {
        const int ChunkMiB = 4;
        const int Chunks = 200 / ChunkMiB;
        var source = TestFile.Create(_folder.Combine("source"), "big.bin", 200 * MiB, seed: 50);
        var before = await Rig.MetricAsync(ChunksReceived);

        var result = await RunAsync(Upload(source, ChunkMiB, parallel: 4, fileId: null));

        var upload = Assert.Single(result.Json().GetProperty("uploads").EnumerateArray().ToList());
        var md5 = TestFile.Md5(source);
        Assert.Equal(md5, upload.GetProperty("md5").GetString());
        Assert.Equal(Chunks, upload.GetProperty("chunks_sent").GetInt32());
        Assert.Equal(md5, TestFile.Md5(Path.Combine(Rig.MergedDir, upload.GetProperty("file_path").GetString()!)));

        // Each chunk was recorded once in the whole cluster, and every instance recorded some of them.
        var after = await Rig.MetricAsync(ChunksReceived);
        var received = after.Zip(before, (a, b) => a - b).ToArray();
        output.WriteLine($"chunks recorded per instance: {string.Join(", ", received)}");
        Assert.All(received, count => Assert.True(count > 0, $"chunks recorded per instance: {string.Join(", ", received)}"));
        Assert.Equal(Chunks, received.Sum());
    });

    [Fact]
    public Task An_instance_killed_mid_upload_leaves_the_upload_to_the_others_with_nothing_lost() => Rig.ExplainFailuresAsync(async () =>
    {
        const int Chunks = 48;
        const int Parallel = 4;
        const int StoredBeforeKill = 8;
        var killed = Rig.Instance(2);
        var source = TestFile.Create(_folder.Combine("source"), "killed.bin", Chunks * MiB, seed: 51);
        var fileId = "cli-cluster-kill-" + Guid.NewGuid().ToString("N");
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var watcher = new UploaderClient(http, new UploaderClientOptions
        {
            BaseAddress = Rig.Instance(3).BaseAddress,
            ApiKey = CliCluster.SecretKey,
            RetryMaxAttempts = 0,
            AttemptTimeout = TimeSpan.FromSeconds(10),
        });
        var killedBefore = await killed.MetricAsync(ChunksReceived);

        try
        {
            using var cli = CliProcess.Start(Upload(source, chunkMiB: 1, Parallel, fileId));

            // The kill lands once the upload is under way on every instance, the one killed included.
            IReadOnlyList<int> storedSoFar = [];
            var waited = Stopwatch.StartNew();
            while (storedSoFar.Count < StoredBeforeKill || await killed.MetricAsync(ChunksReceived) <= killedBefore)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"{storedSoFar.Count} chunks stored after 60 s");
                await Task.Delay(20);
                storedSoFar = await StoredAsync(watcher, fileId);
            }

            // The CLI is held from here until the kill is done, so the kill lands mid-upload however long it takes: left
            // running, 4 workers sent the other 34 chunks in the 719 ms one kill took on a loaded CI machine. Held, it
            // has at most its 4 chunks in flight; those on the killed instance are cut, as in any kill.
            cli.Pause();
            IReadOnlyList<int> afterKill;
            Dictionary<int, DateTimeOffset> beforeKill;
            double[] others;
            TimeSpan killTook;
            try
            {
                // What was stored before the kill, as the servers recorded it: compared with what they record later,
                // never with this process's clock, so however long the kill itself takes the comparison holds.
                beforeKill = (await watcher.GetTaskAsync(fileId)).Chunks.ToDictionary(c => c.Index, c => c.UploadedAt);
                others = await Task.WhenAll(Rig.Instances.Where(i => i != killed).Select(i => i.MetricAsync(ChunksReceived)));
                var killing = Stopwatch.StartNew();
                killed.Kill();
                killTook = killing.Elapsed;
                afterKill = await StoredAsync(watcher, fileId);
            }
            finally
            {
                cli.Resume();
            }

            output.WriteLine($"{killed.InstanceId} killed with {beforeKill.Count} of {Chunks} chunks stored (the kill took {killTook.TotalMilliseconds:F0} ms, {afterKill.Count} stored right after it)");
            Assert.True(afterKill.Count < Chunks, $"the upload was over by the kill ({killTook.TotalMilliseconds:F0} ms)");

            var result = await cli.WaitAsync(UploadLimit);
            Assert.True(result.ExitCode == 0, result.ToString());
            var upload = Assert.Single(result.Json().GetProperty("uploads").EnumerateArray().ToList());
            var md5 = TestFile.Md5(source);
            Assert.Equal(md5, upload.GetProperty("md5").GetString());
            Assert.Equal(md5, TestFile.Md5(Path.Combine(Rig.MergedDir, upload.GetProperty("file_path").GetString()!)));
            Assert.InRange(upload.GetProperty("chunks_sent").GetInt32(), Chunks - Parallel, Chunks);
            Assert.Equal(0, upload.GetProperty("chunks_skipped").GetInt32());

            // Nothing acknowledged before the kill was lost: those chunks are still the versions stored before it
            // (a chunk lost and sent again would be a new version with a later uploaded_at), and the others took
            // every chunk that was not stored yet right after the kill, counted from before it.
            var task = await watcher.GetTaskAsync(fileId);
            Assert.Equal("completed", task.Status);
            Assert.All(beforeKill, stored => Assert.True(
                task.Chunks.Single(c => c.Index == stored.Key).UploadedAt == stored.Value, $"chunk {stored.Key} was stored again after the kill"));
            var storedAfterKill = Chunks - afterKill.Count;
            var othersAfter = await Task.WhenAll(Rig.Instances.Where(i => i != killed).Select(i => i.MetricAsync(ChunksReceived)));
            var takenByOthers = othersAfter.Zip(others, (a, b) => a - b).Sum();
            Assert.True(takenByOthers >= storedAfterKill, $"the others recorded {takenByOthers} chunks, {storedAfterKill} were stored after the kill");
        }
        finally
        {
            if (!killed.IsRunning)
            {
                await killed.RestartAsync();
            }
        }
    });

    private string[] Upload(string source, int chunkMiB, int parallel, string? fileId)
    {
        string[] args =
        [
            "upload", source, "--server", Rig.BaseAddress.ToString(), "--key", CliCluster.SecretKey,
            "--chunk-size", $"{chunkMiB.ToString(CultureInfo.InvariantCulture)}MiB", "--parallel", parallel.ToString(CultureInfo.InvariantCulture),
            "--relative-path", $"cluster/{Guid.NewGuid():N}.bin", "--json",
        ];
        return fileId is null ? args : [.. args, "--file-id", fileId];
    }

    private static async Task<CliResult> RunAsync(string[] args)
    {
        using var cli = CliProcess.Start(args);
        var result = await cli.WaitAsync(UploadLimit);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static async Task<IReadOnlyList<int>> StoredAsync(UploaderClient api, string fileId)
    {
        try
        {
            return (await api.GetUploadStatusAsync(fileId)).UploadedChunks;
        }
        catch (UploaderApiException ex) when (ex.Code == "task_not_found")
        {
            // The CLI has not sent its first chunk yet.
            return [];
        }
    }
}
