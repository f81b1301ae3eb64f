using Microsoft.Extensions.Time.Testing;
using Moq;
using Uploader.Application.Monitoring.Queries.GetSystemInfo;
using Uploader.Application.Monitoring.Views;
using Uploader.Application.Ports;
using Uploader.Application.Storage;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

public class GetSystemInfoHandlerTests
{
    private static readonly DateTime Started = new(2026, 2, 1, 8, 0, 0, DateTimeKind.Utc);

    private readonly Mock<IUploadStatistics> _statistics = new();
    private readonly Mock<IStorageSpace> _space = new();
    private readonly Mock<IProcessInspector> _process = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Started.AddMinutes(90)));
    private readonly StorageVolume _uploads = new("/srv/upload", 10, 100);
    private readonly StorageVolume _merged = new("/srv/merged", 20, 100);

    public GetSystemInfoHandlerTests()
    {
        _statistics.Setup(s => s.CountTasksByStatusAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<UploadTaskStatus, int> { [UploadTaskStatus.Uploading] = 3, [UploadTaskStatus.Completed] = 2 });
        _statistics.Setup(s => s.BytesHeldByUnfinishedUploadsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(4096);
        _space.Setup(s => s.Uploads()).Returns(_uploads);
        _space.Setup(s => s.Merged()).Returns(_merged);
        _process.Setup(p => p.Snapshot()).Returns(() => Snapshot(Started));
    }

    [Fact]
    public async Task Every_status_is_counted_with_zero_for_those_without_tasks()
    {
        var info = await Send();

        Assert.Equal(
            new Dictionary<UploadTaskStatus, int>
            {
                [UploadTaskStatus.Uploading] = 3,
                [UploadTaskStatus.Paused] = 0,
                [UploadTaskStatus.Merging] = 0,
                [UploadTaskStatus.Completed] = 2,
                [UploadTaskStatus.Failed] = 0,
            },
            info.TasksByStatus);
        Assert.Equal(5, info.TotalTasks);
        Assert.Equal(4096, info.UnfinishedUploadBytes);
    }

    [Fact]
    public async Task Both_volumes_and_the_process_are_reported_with_the_uptime_on_the_clock()
    {
        var info = await Send();

        Assert.Same(_uploads, info.Uploads);
        Assert.Same(_merged, info.Merged);
        Assert.Equal(Started, info.Process.StartedAt);
        Assert.Equal(TimeSpan.FromMinutes(90), info.Uptime);
    }

    [Fact]
    public async Task A_start_time_after_the_clock_gives_zero_uptime_not_a_negative_one()
    {
        _process.Setup(p => p.Snapshot()).Returns(Snapshot(Started.AddHours(5)));

        Assert.Equal(TimeSpan.Zero, (await Send()).Uptime);
    }

    [Fact]
    public async Task A_volume_that_cannot_be_measured_is_left_out_and_the_rest_is_still_reported()
    {
        _space.Setup(s => s.Uploads()).Throws(new DirectoryNotFoundException("gone"));

        var info = await Send();

        Assert.Null(info.Uploads);
        Assert.Same(_merged, info.Merged);
        Assert.Equal(5, info.TotalTasks);
    }

    private Task<SystemInfoView> Send() =>
        new GetSystemInfoHandler(_statistics.Object, _space.Object, _process.Object, _clock)
            .Handle(new GetSystemInfoQuery(), CancellationToken.None)
            .AsTask();

    private static ProcessSnapshot Snapshot(DateTime started) =>
        new("1.0.0", ".NET 10", "Linux", "x64", 42, started, 2, 10, 1000, 500, [3, 2, 1]);
}
