using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Persistence;

namespace Uploader.Api.Tests;

/// <summary>Server with room for 64 chunks in flight at once (concurrent_uploads 64), so the queue never refuses.</summary>
public sealed class WideQueueServer : IDisposable
{
    public UploaderFactory Factory { get; } = UploaderFactory.With(config => config["concurrent_uploads"] = 64);

    public void Dispose() => Factory.Dispose();
}

/// <summary>
/// Issue 4, scenario 4: parallel requests on one task over real HTTP requests (TestServer). Each race is run a few
/// rounds so that the interleavings that matter are likely; the assertions hold for every interleaving.
/// </summary>
public sealed class RaceTests(WideQueueServer server) : IClassFixture<WideQueueServer>
{
    private const int Rounds = 6;
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    private UploaderFactory Factory => server.Factory;

    [Fact]
    public async Task Sixty_four_parallel_chunks_of_one_task_are_all_recorded()
    {
        using var api = Factory.CreateApi();
        var file = SourceFile.Random(64 * 1024, 1024);

        var answers = await Task.WhenAll(file.Indexes.Select(i => api.UploadAsync(file.Request(i)).ExpectOkAsync()));

        Assert.Equal(64, answers.Length);
        await api.ExpectStoredAsync(file.FileId, [.. file.Indexes]);
        Assert.Equal(64, (await Factory.StoredChunksAsync(file.FileId)).Length);
        Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
    }

    [Fact]
    public async Task The_same_chunk_sent_twice_at_once_is_stored_once()
    {
        using var api = Factory.CreateApi();
        for (var round = 0; round < Rounds; round++)
        {
            // Both requests are the task's first chunk too, so the task creation races as well.
            var file = SourceFile.Random(3 * 1024, 1024);
            await Task.WhenAll(api.UploadAsync(file.Request(1)).ExpectOkAsync(), api.UploadAsync(file.Request(1)).ExpectOkAsync());

            await api.ExpectStoredAsync(file.FileId, 1);
            Assert.Single(await Factory.StoredChunksAsync(file.FileId, 1));
            await api.UploadChunksAsync(file, [0, 2]);
            Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
        }
    }

    [Fact]
    public async Task Different_bytes_for_one_chunk_at_once_leave_one_complete_version()
    {
        using var api = Factory.CreateApi();
        for (var round = 0; round < Rounds; round++)
        {
            var file = SourceFile.Random(2 * 64 * 1024, 64 * 1024);
            var a = file.Request(0);
            var b = a with { Bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(64 * 1024) };
            await api.UploadChunksAsync(file, [1]);

            var answers = await Task.WhenAll(api.UploadAsync(a), api.UploadAsync(b));
            try
            {
                Assert.Contains(answers, r => r.StatusCode == HttpStatusCode.OK);
                Assert.All(answers, r => Assert.True(
                    r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"unexpected {(int)r.StatusCode}"));
            }
            finally
            {
                Array.ForEach(answers, r => r.Dispose());
            }

            var stored = Assert.Single(await Factory.StoredChunksAsync(file.FileId, 0));
            var winner = (await Factory.Stored.ReadAsync(stored))!;
            Assert.Contains(Md5Hex.Of(winner), new[] { Md5Hex.Of(a.Bytes.Span), Md5Hex.Of(b.Bytes.Span) });

            // The record points at the same version the folder holds: the merge verifies each chunk's md5.
            var merged = await api.MergeAsync(file.FileId).ExpectOkAsync();
            Assert.Equal(Md5Hex.Of([.. winner, .. file.Chunk(1)]), merged.Str("md5"));
        }
    }

    [Fact]
    public async Task Two_merges_at_once_write_one_file()
    {
        using var api = Factory.CreateApi();
        for (var round = 0; round < Rounds; round++)
        {
            var file = SourceFile.Random(8 * 4096, 4096);
            await api.UploadAllAsync(file);

            var answers = await Task.WhenAll(api.MergeAsync(file.FileId, file.Md5), api.MergeAsync(file.FileId, file.Md5));
            var paths = new List<string>();
            foreach (var answer in answers)
            {
                var body = await answer.Content.ReadAsStringAsync();
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    var merged = System.Text.Json.JsonDocument.Parse(body).RootElement;
                    Assert.Equal(file.Md5, merged.Str("md5"));
                    paths.Add(merged.Str("file_path")!);
                }
                else
                {
                    Assert.True(answer.StatusCode == HttpStatusCode.Conflict && body.Contains("merge_in_progress", StringComparison.Ordinal), body);
                }

                answer.Dispose();
            }

            Assert.NotEmpty(paths);
            Assert.Single(paths.Distinct());
            var stem = Path.GetFileNameWithoutExtension(file.Name);
            Assert.Single(await Factory.Stored.MergedFilesAsync(), f => Path.GetFileName(f).StartsWith(stem, StringComparison.Ordinal));
            Assert.Equal(file.Md5, await Factory.Stored.Md5OfMergedAsync(paths[0]));
        }
    }

    [Fact]
    public async Task Pause_while_chunks_are_in_flight_records_each_chunk_before_it_or_refuses_it()
    {
        using var api = Factory.CreateApi();
        var file = SourceFile.Random(24 * 1024, 1024);
        await api.UploadChunksAsync(file, [0, 1, 2, 3]);

        // Bodies held back until released: 4..13 are released together with the pause, 14..23 after it answered.
        var racing = Enumerable.Range(4, 10).Select(i => Held(api, file.Request(i))).ToList();
        var late = Enumerable.Range(14, 10).Select(i => Held(api, file.Request(i))).ToList();
        racing.ForEach(r => r.Body.Release());
        await api.PauseAsync(file.FileId).ExpectOkAsync();
        late.ForEach(r => r.Body.Release());

        var accepted = new List<int> { 0, 1, 2, 3 };
        foreach (var held in racing.Concat(late))
        {
            using var response = await held.Answer.WaitAsync(HangGuard);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.True(held.Index < 14, $"chunk {held.Index} sent after the pause answered was accepted");
                accepted.Add(held.Index);
            }
            else
            {
                await Task.FromResult(response).ExpectProblemAsync(409, "task_paused");
            }

            held.Body.Dispose();
        }

        var stored = await api.StoredChunksAsync(file.FileId);
        Assert.Equal(accepted.Order(), stored);
        Assert.Equal(stored.Length, (await Factory.StoredChunksAsync(file.FileId)).Length);

        await api.ResumeAsync(file.FileId).ExpectOkAsync();
        await api.ExpectStoredAsync(file.FileId, stored);
        await api.UploadChunksAsync(file, file.Indexes.Except(stored));
        Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
    }

    [Fact]
    public async Task Chunk_checked_before_a_pause_and_recorded_after_it_is_refused_and_its_file_removed()
    {
        var gate = new CommitGate();
        await using var factory = UploaderFactory.With(_ => { }).OverrideServices(gate.InstallIn);
        using var api = factory.CreateApi();
        var file = SourceFile.Random(2 * 1024, 1024);

        // The request has created the task and passed its checks while the task was uploading; then the pause.
        var inFlight = api.UploadAsync(file.Request(0));
        await gate.Reached.WaitAsync(HangGuard);
        await api.PauseAsync(file.FileId).ExpectOkAsync();
        gate.Open();

        await inFlight.WaitAsync(HangGuard).ExpectProblemAsync(409, "task_paused");
        await api.ExpectStoredAsync(file.FileId);
        Assert.Empty(await factory.StoredChunksAsync(file.FileId));

        await api.ResumeAsync(file.FileId).ExpectOkAsync();
        await api.UploadAllAsync(file);
        Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
    }

    [Fact]
    public async Task Delete_while_chunks_are_in_flight_leaves_nothing_of_the_deleted_task()
    {
        using var api = Factory.CreateApi();
        for (var round = 0; round < Rounds; round++)
        {
            var file = SourceFile.Random(16 * 1024, 1024);
            await api.UploadChunksAsync(file, [0, 1]);
            var taskId = await TaskIdAsync(file.FileId);

            var uploads = Enumerable.Range(2, 14).Select(i => api.UploadAsync(file.Request(i))).ToList();
            await api.DeleteTaskAsync(file.FileId).ExpectOkAsync();
            var answers = await Task.WhenAll(uploads).WaitAsync(HangGuard);

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

            Assert.True((await Factory.Stored.ChunksAsync(taskId)).Length == 0, $"round {round}: chunks of the deleted task are back");
            Assert.Equal(0, await ChunkRowsAsync(taskId));

            // A chunk that arrives after the delete starts a new task (the first chunk creates the task).
            using var status = await api.StatusAsync(file.FileId);
            if (status.StatusCode == HttpStatusCode.OK)
            {
                Assert.NotEqual(taskId, await TaskIdAsync(file.FileId));
                var stored = await api.StoredChunksAsync(file.FileId);
                Assert.Subset(accepted.ToHashSet(), stored.ToHashSet());
                Assert.Equal(stored.Length, (await Factory.StoredChunksAsync(file.FileId)).Length);
            }
            else
            {
                await Task.FromResult(status).ExpectProblemAsync(404, "task_not_found");
            }
        }
    }

    [Fact]
    public async Task Chunk_checked_before_a_delete_and_committed_after_it_leaves_no_folder()
    {
        var gate = new CommitGate();
        await using var factory = UploaderFactory.With(_ => { }).OverrideServices(gate.InstallIn);
        using var api = factory.CreateApi();
        var file = SourceFile.Random(2 * 1024, 1024);

        // The gate holds the first commit; the task row exists before it (created by the same request).
        var first = api.UploadAsync(file.Request(0));
        await gate.Reached.WaitAsync(HangGuard);
        var taskId = await factory.TaskIdAsync(file.FileId);
        await api.DeleteTaskAsync(file.FileId).ExpectOkAsync();
        gate.Open();

        await first.WaitAsync(HangGuard).ExpectProblemAsync(404, "task_not_found");
        Assert.Empty(await factory.Stored.ChunksAsync(taskId));
        await api.StatusAsync(file.FileId).ExpectProblemAsync(404, "task_not_found");
    }

    private static (Task<HttpResponseMessage> Answer, HeldContent Body, int Index) Held(UploaderApi api, ChunkRequest request)
    {
        var body = HeldContent.Wrapping(request.ToContent());
        return (api.Http.PostAsync(new Uri("go-uploader/upload_chunk", UriKind.Relative), body), body, request.Index);
    }

    private Task<Guid> TaskIdAsync(string fileId) => TaskIdAsync(Factory, fileId);

    private static async Task<Guid> TaskIdAsync(UploaderFactory factory, string fileId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UploaderDbContext>();
        return await db.Tasks.Where(t => t.FileId == fileId).Select(t => t.Id).SingleAsync();
    }

    private async Task<int> ChunkRowsAsync(Guid taskId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UploaderDbContext>();
        return await db.Set<ChunkState>().CountAsync(c => EF.Property<Guid>(c, "TaskId") == taskId);
    }
}
