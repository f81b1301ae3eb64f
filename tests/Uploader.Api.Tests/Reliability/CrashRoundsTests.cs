using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Uploader.Api.Tests;

/// <summary>
/// Issue 4, scenario 1: the built server is SIGKILLed at random moments while several clients stream chunks, for
/// several rounds, and once in the middle of a merge. The seed of each run is printed so a failure can be replayed
/// (set CRASH_ROUNDS_SEED to replay one).
/// </summary>
[Collection(ServerProcessGroup.Name)]
public sealed class CrashRoundsTests(ITestOutputHelper output)
{
    private const int Rounds = 4;
    private const int Clients = 4;

    [Fact]
    public async Task Random_kills_while_clients_stream_lose_no_acknowledged_chunk_and_list_no_unsent_one()
    {
        var seed = Seed();
        output.WriteLine($"seed {seed} (replay with CRASH_ROUNDS_SEED={seed})");
        var random = new Random(seed);
        using var host = await ProcessServer.StartAsync(Configure);

        var files = Enumerable.Range(0, Clients).Select(_ => Upload.Create(random)).ToArray();
        foreach (var file in files)
        {
            output.WriteLine($"{file.FileId}: {file.Bytes.Length} bytes in {file.TotalChunks} chunks of {file.ChunkSize}");
        }

        for (var round = 1; round <= Rounds; round++)
        {
            // Killed once the clients have had a random number of chunks acknowledged this round, plus a random
            // few milliseconds: a fixed delay would mostly hit the server's slow first requests or an idle server.
            var remaining = files.Sum(f => f.TotalChunks - f.AcknowledgedCount);
            var killAtAcks = random.Next(1, Math.Max(2, remaining / 2));
            var extraDelay = random.Next(0, 25);
            var server = round == 1 ? host.Process : await host.StartAgainAsync();
            try
            {
                await Explained(server, async () =>
                {
                    using var api = CreateApi(host.BaseAddress);

                    // After the previous kill: acknowledged chunks all listed, nothing listed that was never sent.
                    foreach (var file in files)
                    {
                        output.WriteLine($"round {round} after restart: {await file.CheckListingAsync(api, $"round {round} start")}");
                    }

                    using var stop = new CancellationTokenSource();
                    var acked = new StrongBox<int>();
                    var clients = files.Select(f => f.StreamMissingAsync(api, new Random(random.Next()), acked, stop.Token)).ToArray();
                    var waited = Stopwatch.StartNew();
                    while (Volatile.Read(ref acked.Value) < killAtAcks && waited.Elapsed < TimeSpan.FromSeconds(20)
                        && !clients.All(c => c.IsCompleted))
                    {
                        await Task.Delay(1);
                    }

                    await Task.Delay(extraDelay);
                    var ackedAtKill = Volatile.Read(ref acked.Value);
                    server.Kill();
                    await stop.CancelAsync();
                    await Task.WhenAll(clients);
                    output.WriteLine(
                        $"round {round}: killed at {ackedAtKill} acknowledgements (target {killAtAcks} + {extraDelay} ms), {waited.ElapsedMilliseconds} ms into the round; "
                        + string.Join("; ", files.Select(f => f.RoundSummary())));
                });
            }
            finally
            {
                // The first round's process is the host's own, disposed with it.
                if (server != host.Process)
                {
                    server.Dispose();
                }
            }
        }

        using var last = await host.StartAgainAsync();
        await Explained(last, async () =>
        {
            using var api = CreateApi(host.BaseAddress);
            foreach (var file in files)
            {
                output.WriteLine($"after the last kill: {await file.CheckListingAsync(api, "after the last kill")}");
                var missing = file.Indexes.Except(await file.ListedAsync(api)).ToArray();
                output.WriteLine($"{file.FileId}: {missing.Length} chunks still missing, sent now");
                foreach (var index in missing)
                {
                    await api.UploadAsync(file.Source.Request(index)).ExpectOkAsync();
                }

                var merged = await api.MergeAsync(file.FileId, file.Md5).ExpectOkAsync();
                var path = merged.Str("file_path")!;
                var stored = await host.Stored.ReadMergedAsync(path) ?? [];
                Assert.True(file.Bytes.Span.SequenceEqual(stored), $"{path} differs from the source");
            }
        });
    }

    [Fact]
    public async Task A_kill_during_a_merge_leaves_a_task_that_merges_again_into_one_file()
    {
        using var host = await ProcessServer.StartAsync(Configure);
        const int ChunkSize = 1024 * 1024;
        var file = SourceFile.Random(64 * ChunkSize, ChunkSize);
        string? observed = null;

        var first = host.Process;
        await Explained(first, async () =>
        {
            using var api = CreateApi(host.BaseAddress);
            await Parallel.ForEachAsync(
                file.Indexes,
                new ParallelOptions { MaxDegreeOfParallelism = 2 },
                async (index, _) => await api.UploadAsync(file.Request(index)).ExpectOkAsync());

            var merge = api.MergeAsync(file.FileId, file.Md5);
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                observed = (await api.StatusAsync(file.FileId).ExpectOkAsync()).Str("status");
                if (observed != "uploading")
                {
                    break;
                }
            }

            first.Kill();
            output.WriteLine($"status when killed: {observed} after {waited.ElapsedMilliseconds} ms");
            try
            {
                using var answer = await merge;
                output.WriteLine($"the merge was answered {(int)answer.StatusCode} before the kill");
            }
            catch (HttpRequestException ex)
            {
                output.WriteLine($"the merge request was cut off: {ex.Message}");
            }
        });

        Assert.True(observed == "merging", $"the merge was not caught in progress (status {observed}); make the file bigger");

        using var second = await host.StartAgainAsync();
        await Explained(second, async () =>
        {
            using var api = CreateApi(host.BaseAddress);
            var status = await api.StatusAsync(file.FileId).ExpectOkAsync();
            Assert.Equal("uploading", status.Str("status"));
            Assert.Equal(file.Indexes.ToArray(), status.Ints("uploaded_chunks"));
            Assert.Empty(await host.Stored.MergeTempFilesAsync());

            // The start-up logged what it repaired: the interrupted merge, and the temp file if the kill came
            // after the merge had created it (a kill right after the claim leaves none).
            Assert.Contains($"Task {file.FileId} was merging when the server stopped", second.Output, StringComparison.Ordinal);
            var repaired = second.Output.Split('\n').Single(l => l.Contains("Start-up reconciliation over", StringComparison.Ordinal));
            output.WriteLine(repaired);
            Assert.Contains("0 interrupted merge(s) completed and 1 reopened", repaired, StringComparison.Ordinal);

            var merged = await api.MergeAsync(file.FileId, file.Md5).ExpectOkAsync();
            Assert.Equal(file.Md5, merged.Str("md5"));
            Assert.Equal([merged.Str("file_path")!], await host.Stored.MergedFilesAsync());
            Assert.Equal(file.Md5, await host.Stored.Md5OfMergedAsync(merged.Str("file_path")!));
            Assert.Empty(await host.Stored.MergeTempFilesAsync());
        });
    }

    /// <summary>
    /// Kills the server the moment the merged file appears under its name: between that rename and the
    /// completion commit (a few milliseconds) the task is still `merging`. Wherever the kill lands, the file
    /// must end up once, under its own name; before the merge recorded its target, a kill in that window made
    /// the next merge write a second copy `name (1).ext`.
    /// </summary>
    [Fact]
    public async Task A_kill_as_the_merged_file_appears_leaves_that_one_file_under_its_own_name()
    {
        using var host = await ProcessServer.StartAsync(Configure);
        var file = SourceFile.Random((8 * 64 * 1024) + 3, 64 * 1024, "report.bin");

        var first = host.Process;
        await Explained(first, async () =>
        {
            using var api = CreateApi(host.BaseAddress);
            await api.UploadAllAsync(file);
            var merge = api.MergeAsync(file.FileId, file.Md5);
            var waited = Stopwatch.StartNew();
            while (!await host.Stored.MergedExistsAsync("report.bin"))
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the merged file never appeared");
            }

            first.KillAtOnce();
            output.WriteLine($"killed {waited.Elapsed.TotalMilliseconds:F1} ms after the merge was sent; merge answered first: {merge.IsCompletedSuccessfully}");
        });

        using var second = await host.StartAgainAsync();
        await Explained(second, async () =>
        {
            using var api = CreateApi(host.BaseAddress);
            var status = (await api.StatusAsync(file.FileId).ExpectOkAsync()).Str("status");
            var settled = second.Output.Contains("its file was already in place", StringComparison.Ordinal);
            output.WriteLine($"after the restart the task is {status}; completed by the start-up reconciliation: {settled}");

            var merged = await api.MergeAsync(file.FileId, file.Md5).ExpectOkAsync();
            Assert.Equal("report.bin", merged.Str("file_path"));
            Assert.Equal(["report.bin"], await host.Stored.MergedFilesAsync());
            Assert.Equal(file.Md5, await host.Stored.Md5OfMergedAsync("report.bin"));
        });
    }

    private static int Seed() =>
        Environment.GetEnvironmentVariable("CRASH_ROUNDS_SEED") is { Length: > 0 } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : RandomNumberGenerator.GetInt32(int.MaxValue);

    private static void Configure(JsonObject config)
    {
        config["log_level"] = "info";
        config["max_file_size"] = 128L * 1024 * 1024;
    }

    private static UploaderApi CreateApi(Uri baseAddress) => UploaderApi.ForProcess(baseAddress, TimeSpan.FromSeconds(60));

    private async Task Explained(ServerProcess server, Func<Task> steps)
    {
        try
        {
            await server.ExplainFailuresAsync(steps);
        }
        catch
        {
            output.WriteLine(server.Explain());
            throw;
        }
    }

    /// <summary>One client's file and what the client knows of each chunk across the rounds.</summary>
    private sealed class Upload
    {
        private readonly ConcurrentDictionary<int, bool> _started = new();
        private readonly ConcurrentDictionary<int, bool> _acknowledged = new();
        private int _sentThisRound;
        private int _ackedThisRound;
        private string _ended = "";

        private Upload(SourceFile source) => Source = source;

        public SourceFile Source { get; }

        public string FileId => Source.FileId;

        public int AcknowledgedCount => _acknowledged.Count;

        public ReadOnlyMemory<byte> Bytes => Source.Bytes;

        public int ChunkSize => Source.ChunkSize;

        public int TotalChunks => Source.TotalChunks;

        public string Md5 => Source.Md5;

        public IEnumerable<int> Indexes => Source.Indexes;

        public static Upload Create(Random random)
        {
            var chunkSize = random.Next(128, 513) * 1024;
            var size = random.Next(4 * 1024 * 1024, 8 * 1024 * 1024);
            return new Upload(SourceFile.Random(size, chunkSize));
        }

        /// <summary>Sends the chunks upload_status does not list, in random order, until done, stopped or cut off.</summary>
        public async Task StreamMissingAsync(UploaderApi api, Random random, StrongBox<int> acked, CancellationToken stop)
        {
            _sentThisRound = 0;
            _ackedThisRound = 0;
            try
            {
                var listed = await ListedAsync(api);
                var missing = Indexes.Except(listed).OrderBy(_ => random.Next()).ToArray();
                foreach (var index in missing)
                {
                    stop.ThrowIfCancellationRequested();
                    _started[index] = true;
                    _sentThisRound++;
                    using var response = await api.UploadAsync(Source.Request(index).WithMd5());
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        _acknowledged[index] = true;
                        _ackedThisRound++;
                        Interlocked.Increment(ref acked.Value);
                    }
                }

                _ended = "all sent";
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                _ended = "cut off";
            }
        }

        /// <summary>The chunks upload_status lists; none while the task does not exist yet (404).</summary>
        public async Task<int[]> ListedAsync(UploaderApi api)
        {
            using var response = await api.StatusAsync(FileId);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return [];
            }

            return await Task.FromResult(response).ExpectOkAsync() is var json ? json.Ints("uploaded_chunks") : [];
        }

        public string RoundSummary() =>
            $"{FileId[..13]} sent {_sentThisRound}, acknowledged {_ackedThisRound}, {_ended}, total acknowledged {_acknowledged.Count}/{TotalChunks}";

        /// <summary>Every acknowledged chunk is listed; every listed chunk was at least sent.</summary>
        public async Task<string> CheckListingAsync(UploaderApi api, string when)
        {
            if (_started.IsEmpty)
            {
                return $"{FileId[..13]} nothing sent yet";
            }

            var listed = await ListedAsync(api);
            var lost = _acknowledged.Keys.Except(listed).Order().ToArray();
            var phantom = listed.Except(_started.Keys).ToArray();
            Assert.True(lost.Length == 0, $"{when}: {FileId} lost acknowledged chunks {string.Join(",", lost)}");
            Assert.True(phantom.Length == 0, $"{when}: {FileId} lists chunks never sent {string.Join(",", phantom)}");
            var unacknowledged = _started.Keys.Except(_acknowledged.Keys).ToHashSet();
            return $"{FileId[..13]} lists {listed.Length}/{TotalChunks}, of the {unacknowledged.Count} sent but never acknowledged "
                + $"{listed.Count(unacknowledged.Contains)} listed";
        }
    }
}
