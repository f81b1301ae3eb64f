using System.IO.Pipelines;
using Uploader.Api.Uploads;

namespace Uploader.Api.Tests;

/// <summary>The body's idle timeout: one timer per body, firing only when a read has waited the whole idle time.</summary>
public sealed class IdleTimeoutPipeReaderTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_read_that_gets_no_byte_for_the_idle_time_aborts_and_fails()
    {
        var pipe = new Pipe();
        var aborted = new TaskCompletionSource();
        using var body = new IdleTimeoutPipeReader(pipe.Reader, TimeSpan.FromMilliseconds(100), () => aborted.TrySetResult());

        var error = await Assert.ThrowsAsync<IOException>(async () => await body.ReadAsync().AsTask().WaitAsync(HangGuard));

        Assert.Contains("No byte of the request body arrived", error.Message, StringComparison.Ordinal);
        Assert.True(aborted.Task.IsCompleted, "the connection was not aborted");
    }

    [Fact]
    public async Task Bytes_that_are_waiting_are_read_whatever_the_timer_does()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 1, 2, 3 });
        var aborted = false;
        using var body = new IdleTimeoutPipeReader(pipe.Reader, TimeSpan.FromMinutes(10), () => aborted = true);

        var result = await body.ReadAsync().AsTask().WaitAsync(HangGuard);

        Assert.Equal(3, result.Buffer.Length);
        Assert.False(aborted);
    }
}
