using Microsoft.AspNetCore.Mvc.Testing;

namespace Uploader.Api.Tests;

/// <summary>
/// Security review item 4: each chunk body has a budget of 10 s + length / min_upload_rate, on the server's clock.
/// A body that is still being sent when the budget is over is cut off and its staged bytes removed, whatever
/// Kestrel's rate check says (TestServer has none, so only the budget can cut it here). The clock is fake: the
/// budget runs out when the test advances it, long before the 30 s idle timeout of a silent body.
/// </summary>
public sealed class ChunkBudgetTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_body_still_arriving_after_its_budget_is_cut_off_and_its_staged_bytes_removed()
    {
        var staging = new StagingSignal();
        using var server = new FakeClockServer(
            config =>
            {
                config["concurrent_uploads"] = 1;
                config["min_upload_rate"] = 1024;
            },
            staging.InstallIn);
        var client = server.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Secret-Key", UploaderFactory.SecretKey);
        using var api = new UploaderApi(client);
        var file = SourceFile.Random(10 * 1024, 10 * 1024);

        // No Content-Length: the budget is 10 s + max_chunk_size (1 MiB) / 1 KiB/s = 1034 s.
        using var heldBody = HeldContent.Wrapping(file.Request(0).ToContent());
        var held = api.Http.PostAsync(new Uri("go-uploader/upload_chunk", UriKind.Relative), heldBody);
        await staging.FirstStarted.WaitAsync(HangGuard);

        server.Clock.Advance(TimeSpan.FromSeconds(1033));
        Assert.False(held.IsCompleted, "the body was cut before its budget was over");
        server.Clock.Advance(TimeSpan.FromSeconds(2));
        var cut = await Record.ExceptionAsync(() => held.WaitAsync(HangGuard));
        Assert.True(cut is HttpRequestException or IOException or OperationCanceledException, $"expected the connection to be cut, got {cut?.GetType().Name ?? "an answer"}");

        var stagingFolder = Path.Combine(server.Factory.UploadDir, ".staging");
        using var bound = new CancellationTokenSource(HangGuard);
        while (Directory.Exists(stagingFolder) && Directory.GetFiles(stagingFolder, "*", SearchOption.AllDirectories).Length > 0)
        {
            await Task.Delay(50, bound.Token);
        }

        // The place it held is free again: the same chunk goes through at once.
        await api.UploadAsync(file.Request(0)).WaitAsync(HangGuard).ExpectOkAsync();
        await api.ExpectStoredAsync(file.FileId, 0);
    }
}
