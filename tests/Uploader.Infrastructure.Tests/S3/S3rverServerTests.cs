using System.Diagnostics;

namespace Uploader.Infrastructure.Tests.S3;

/// <summary>The fixture itself: it serves S3, and it leaves neither a node process nor its data folder behind.</summary>
public sealed class S3rverServerTests
{
    [Fact]
    public async Task Dispose_stops_s3rver_and_removes_its_data_folder()
    {
        var server = await S3rverServer.StartAsync();
        var bucket = await server.CreateBucketAsync();
        var id = server.ProcessId;
        Assert.True(Directory.Exists(Path.Combine(server.Data.Path, bucket)), server.Explain());

        server.Dispose();

        Assert.False(Directory.Exists(server.Data.Path));
        Assert.False(IsRunning(id));
    }

    [Fact]
    public async Task S3rver_exits_and_removes_its_data_folder_once_its_parent_lets_go_of_its_stdin()
    {
        using var server = await S3rverServer.StartAsync();
        await server.CreateBucketAsync();

        // What the OS does for a test process killed with SIGKILL, where no Dispose runs.
        var code = await server.LetGoAsync();

        Assert.Equal(0, code);
        Assert.False(Directory.Exists(server.Data.Path), server.Explain());
    }

    private static bool IsRunning(int id)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
