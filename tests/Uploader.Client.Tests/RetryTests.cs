using System.Diagnostics;
using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests;

/// <summary>What the client retries, how long it waits, and what it gives up on, against a server that injects faults.</summary>
public sealed class RetryTests : IClassFixture<KestrelUploaderServer>, IDisposable
{
    private const string Tasks = "tasks";
    private const string UploadChunk = "upload_chunk";

    private readonly KestrelUploaderServer _server;
    private readonly TempFolder _files = new();

    public RetryTests(KestrelUploaderServer server)
    {
        _server = server;
        _server.Faults.Clear();
    }

    [Fact]
    public async Task Dropped_connections_during_chunk_bodies_are_retried_and_the_file_arrives_intact()
    {
        var source = SourceFiles.Write(_files.Combine("dropped.bin"), 3 * 64 * 1024 + 17, seed: 1);
        _server.Faults.Enqueue(UploadChunk, Fault.DropConnection(bodyBytes: 20_000), times: 2);

        var result = await _server.NewClient().UploadFileAsync(source, new UploadOptions { ChunkSize = 64 * 1024, Parallelism = 1, RelativePath = "retry/dropped.bin" });

        Assert.Equal(4, result.ChunksSent);
        Assert.Equal(4 + 2, _server.Faults.Attempts(UploadChunk));
        SourceFiles.AssertSameBytes(source, _server.MergedFile(result.FilePath));
    }

    [Fact]
    public async Task A_503_is_retried_after_its_Retry_After_not_after_the_shorter_backoff()
    {
        _server.Faults.Enqueue(Tasks, Fault.Status(503, retryAfterSeconds: 1));

        await _server.NewClient().ListTasksAsync();

        var arrivals = _server.Faults.Arrivals(Tasks);
        Assert.Equal(2, arrivals.Count);
        Assert.InRange(arrivals[1] - arrivals[0], TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_429_on_a_chunk_is_retried_after_its_Retry_After()
    {
        var source = SourceFiles.Write(_files.Combine("busy.bin"), 1000, seed: 2);
        _server.Faults.Enqueue(UploadChunk, Fault.Status(429, retryAfterSeconds: 1));

        var result = await _server.NewClient().UploadFileAsync(source, new UploadOptions { RelativePath = "retry/busy.bin" });

        var arrivals = _server.Faults.Arrivals(UploadChunk);
        Assert.Equal(2, arrivals.Count);
        Assert.InRange(arrivals[1] - arrivals[0], TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(5));
        SourceFiles.AssertSameBytes(source, _server.MergedFile(result.FilePath));
    }

    [Theory]
    [InlineData(500, 1)]
    [InlineData(503, 2)]
    public async Task A_merge_answered_500_is_not_retried_while_a_proxys_503_is(int status, int expectedAttempts)
    {
        var source = SourceFiles.Write(_files.Combine($"merge-{status}.bin"), 1000, seed: 3);
        _server.Faults.Enqueue("merge_chunks", Fault.Status(status));
        var client = _server.NewClient();

        var outcome = await Record.ExceptionAsync(
            () => client.UploadFileAsync(source, new UploadOptions { RelativePath = $"retry/merge-{status}.bin" }));

        Assert.Equal(expectedAttempts, _server.Faults.Attempts("merge_chunks"));
        if (status == 500)
        {
            Assert.Equal(500, Assert.IsType<UploaderApiException>(outcome).StatusCode);
        }
        else
        {
            Assert.Null(outcome);
        }
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Transient_statuses_are_retried(int status)
    {
        _server.Faults.Enqueue(Tasks, Fault.Status(status), times: 2);

        var page = await _server.NewClient().ListTasksAsync();

        Assert.Equal(3, _server.Faults.Attempts(Tasks));
        Assert.Equal(1, page.Page);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(413)]
    [InlineData(422)]
    public async Task Other_client_errors_are_not_retried(int status)
    {
        _server.Faults.Enqueue(Tasks, Fault.Status(status), times: 3);

        var error = await Assert.ThrowsAsync<UploaderApiException>(() => _server.NewClient().ListTasksAsync());

        Assert.Equal(status, error.StatusCode);
        Assert.Equal("injected_fault", error.Code);
        Assert.Equal(1, _server.Faults.Attempts(Tasks));
    }

    [Fact]
    public async Task A_wrong_key_gets_the_servers_401_once()
    {
        var error = await Assert.ThrowsAsync<UploaderApiException>(
            () => _server.NewClient(o => o.ApiKey = "not-the-key").GetUploadStatusAsync("whatever"));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("unauthorized", error.Code);
        Assert.Equal(1, _server.Faults.Attempts("upload_status"));
    }

    [Fact]
    public async Task An_unknown_task_gets_the_servers_404_once()
    {
        var error = await Assert.ThrowsAsync<UploaderApiException>(() => _server.NewClient().GetTaskAsync("no-such-task"));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("task_not_found", error.Code);
        Assert.Equal(1, _server.Faults.Attempts("tasks/no-such-task"));
    }

    [Fact]
    public async Task When_retries_run_out_on_a_503_the_last_answer_is_thrown()
    {
        _server.Faults.Enqueue(Tasks, Fault.Status(503), times: 5);

        var error = await Assert.ThrowsAsync<UploaderApiException>(() => _server.NewClient(o => o.RetryMaxAttempts = 2).ListTasksAsync());

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(3, _server.Faults.Attempts(Tasks));
        Assert.Equal(2, _server.Faults.Pending(Tasks));
    }

    [Fact]
    public async Task When_retries_run_out_on_dropped_connections_the_server_is_unreachable()
    {
        _server.Faults.Enqueue(Tasks, Fault.DropConnection(), times: 5);

        var error = await Assert.ThrowsAsync<UploaderApiException>(() => _server.NewClient(o => o.RetryMaxAttempts = 2).ListTasksAsync());

        Assert.Equal(0, error.StatusCode);
        Assert.Equal(UploaderApiException.UnreachableCode, error.Code);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(3, _server.Faults.Attempts(Tasks));
    }

    [Fact]
    public async Task An_upload_comes_back_after_its_retries_ran_out_and_resumes_from_what_is_stored()
    {
        var source = SourceFiles.Write(_files.Combine("outage.bin"), 4 * 64 * 1024, seed: 4);
        _server.Faults.Enqueue(UploadChunk, Fault.DropConnection(bodyBytes: 20_000), times: 6);

        var result = await _server.NewClient(o => o.RetryMaxAttempts = 2).UploadFileAsync(
            source, new UploadOptions { ChunkSize = 64 * 1024, Parallelism = 1, RelativePath = "retry/outage.bin" });

        // Two rounds of three failed attempts each, then the four chunks.
        Assert.Equal(6 + 4, _server.Faults.Attempts(UploadChunk));
        Assert.Equal(4, result.ChunksSent);
        SourceFiles.AssertSameBytes(source, _server.MergedFile(result.FilePath));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task An_upload_whose_server_goes_away_gives_up_once_the_reconnect_timeout_passes(int seconds)
    {
        var source = SourceFiles.Write(_files.Combine($"away-{seconds}.bin"), 1000, seed: 5);
        _server.Faults.Enqueue(UploadChunk, Fault.DropConnection(), times: 10_000);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<UploaderApiException>(
            () => _server.NewClient().UploadFileAsync(source, new UploadOptions { ReconnectTimeout = TimeSpan.FromSeconds(seconds) }));

        Assert.Equal(UploaderApiException.UnreachableCode, error.Code);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(seconds + 8));
    }

    [Fact]
    public async Task An_upload_to_a_server_that_is_not_there_fails_after_its_first_requests_retries_without_waiting_to_reconnect()
    {
        var source = SourceFiles.Write(_files.Combine("never.bin"), 1000, seed: 6);
        var client = _server.NewClient(o => o.BaseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}/"));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<UploaderApiException>(
            () => client.UploadFileAsync(source, new UploadOptions { ReconnectTimeout = TimeSpan.FromMinutes(1) }));

        Assert.Equal(UploaderApiException.UnreachableCode, error.Code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}: it waited for the reconnect timeout");
    }

    [Fact]
    public async Task A_server_that_does_not_listen_is_unreachable_after_every_attempt()
    {
        var client = _server.NewClient(o => o.BaseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}/"));

        var error = await Assert.ThrowsAsync<UploaderApiException>(() => client.GetHealthAsync());

        Assert.Equal(UploaderApiException.UnreachableCode, error.Code);
    }

    [Fact]
    public async Task An_attempt_that_outlives_its_timeout_is_abandoned_and_retried()
    {
        _server.Faults.Enqueue(Tasks, Fault.Stall(TimeSpan.FromSeconds(20)));
        var clock = Stopwatch.StartNew();

        await _server.NewClient(o => o.AttemptTimeout = TimeSpan.FromSeconds(2)).ListTasksAsync();

        // Only the first attempt stalls; a loaded machine may let a later one time out too.
        Assert.InRange(_server.Faults.Attempts(Tasks), 2, 4);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Attempts_that_keep_timing_out_end_as_unreachable()
    {
        _server.Faults.Enqueue(Tasks, Fault.Stall(TimeSpan.FromSeconds(20)), times: 3);

        var error = await Assert.ThrowsAsync<UploaderApiException>(
            () => _server.NewClient(o => { o.AttemptTimeout = TimeSpan.FromMilliseconds(200); o.RetryMaxAttempts = 2; }).ListTasksAsync());

        Assert.Equal(UploaderApiException.UnreachableCode, error.Code);
        Assert.Equal(3, _server.Faults.Attempts(Tasks));
    }

    [Fact]
    public async Task Backoff_grows_faster_than_a_constant_delay()
    {
        // Polly's exponential backoff with jitter waits at least about 5.7 initial delays in total over four retries
        // (the decorrelated jitter's sum telescopes); a constant delay would wait 4.
        _server.Faults.Enqueue(Tasks, Fault.Status(500), times: 5);
        var client = _server.NewClient(o => { o.RetryMaxAttempts = 4; o.RetryInitialDelay = TimeSpan.FromMilliseconds(100); });

        await Assert.ThrowsAsync<UploaderApiException>(() => client.ListTasksAsync());

        var arrivals = _server.Faults.Arrivals(Tasks);
        Assert.Equal(5, arrivals.Count);
        Assert.InRange(arrivals[^1] - arrivals[0], TimeSpan.FromMilliseconds(530), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task No_retries_when_they_are_turned_off()
    {
        _server.Faults.Enqueue(Tasks, Fault.Status(503), times: 2);

        var error = await Assert.ThrowsAsync<UploaderApiException>(() => _server.NewClient(o => o.RetryMaxAttempts = 0).ListTasksAsync());

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(1, _server.Faults.Attempts(Tasks));
    }

    [Fact]
    public async Task Cancellation_stops_the_wait_for_a_retry()
    {
        _server.Faults.Enqueue(Tasks, Fault.Status(503, retryAfterSeconds: 30));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _server.NewClient().ListTasksAsync(cancellationToken: cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(1, _server.Faults.Attempts(Tasks));
    }

    public void Dispose() => _files.Dispose();
}
