using Xunit.Abstractions;

namespace Uploader.Api.Tests;

[Collection(ServerProcessGroup.Name)]
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int ChunkSize = 512 * 1024;
    private static readonly TimeSpan ApiTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Chunks_acknowledged_before_a_kill_survive_a_restart()
    {
        var file = SourceFile.Random(16 * ChunkSize, ChunkSize);
        var beforeKill = file.Indexes.Where(i => i % 2 == 1).ToArray();
        var afterRestart = file.Indexes.Except(beforeKill).ToArray();

        using var server = await ProcessServer.StartAsync(config => config["log_level"] = "info");
        var first = server.Process;
        await Explained(first, async () =>
        {
            using var api = server.Api(ApiTimeout);
            await api.UploadChunksAsync(file, beforeKill);
            first.Kill();
            Assert.True(first.HasExited);
        });

        using var second = await server.StartAgainAsync();
        await Explained(second, async () =>
        {
            using var api = server.Api(ApiTimeout);
            await api.ExpectStoredAsync(file.FileId, beforeKill);

            await api.UploadChunksAsync(file, afterRestart);
            var merged = await api.MergeOkAsync(file);

            Assert.Equal(file.Md5, await server.Stored.Md5OfMergedAsync(merged.Str("file_path")!));
        });
    }

    /// <summary>Runs steps against a server process; its output goes into the failure message and the test log.</summary>
    private async Task Explained(ServerProcess server, Func<Task> steps)
    {
        try
        {
            await server.ExplainFailuresAsync(steps);
        }
        finally
        {
            output.WriteLine(server.Explain());
        }
    }
}
