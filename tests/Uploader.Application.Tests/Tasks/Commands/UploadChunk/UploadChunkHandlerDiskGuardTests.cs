using Moq;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;
using static Uploader.Application.Tests.UploadChunkScenario;

namespace Uploader.Application.Tests;

/// <summary>Below min_free_disk_bytes no chunk may create a task; chunks of tasks already started still go in.</summary>
public class UploadChunkHandlerDiskGuardTests
{
    private const string Md5 = "0cc175b9c0f1b6a831c399e269772661";
    private const long Floor = 1000;

    private readonly UploadChunkScenario _scenario = new() { Policy = new() { MinFreeDiskBytes = Floor } };
    private readonly IStagedChunk _chunk;

    public UploadChunkHandlerDiskGuardTests() => _chunk = _scenario.Staged(Md5).Object;

    [Fact]
    public async Task A_first_chunk_below_the_floor_creates_no_task_and_stores_nothing()
    {
        _scenario.GivenNoTask();
        _scenario.UploadFreeBytes = Floor - 1;

        var error = await Assert.ThrowsAsync<InsufficientStorage>(() => _scenario.Send(Command(_chunk)));

        Assert.Contains("999", error.Message, StringComparison.Ordinal);
        _scenario.Tasks.Verify(t => t.AddOrGetAsync(It.IsAny<UploadTask>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Empty(_scenario.Effects);
    }

    [Fact]
    public async Task A_first_chunk_with_exactly_the_floor_free_creates_the_task()
    {
        _scenario.GivenNoTask();
        _scenario.UploadFreeBytes = Floor;

        await _scenario.Send(Command(_chunk));

        Assert.Equal(["commit", "save"], _scenario.Effects);
    }

    [Fact]
    public async Task A_chunk_of_an_existing_task_is_accepted_below_the_floor_without_measuring()
    {
        var task = _scenario.GivenTask(SampleTasks.Uploading(1));
        _scenario.UploadFreeBytes = 0;

        await _scenario.Send(Command(_chunk));

        Assert.Equal(NewLocation, task.FindChunk(0)!.Location);
        Assert.Equal(["commit", "save"], _scenario.Effects);
        _scenario.Space.Verify(s => s.Uploads(), Times.Never);
    }

    [Fact]
    public async Task A_request_that_is_wrong_in_itself_hears_about_its_own_fault_first()
    {
        _scenario.GivenNoTask();
        _scenario.UploadFreeBytes = 0;
        _scenario.Policy = _scenario.Policy with { MaxFileSize = SampleTasks.FileSize - 1 };

        await Assert.ThrowsAsync<FileTooLarge>(() => _scenario.Send(Command(_chunk)));

        _scenario.Space.Verify(s => s.Uploads(), Times.Never);
    }

    [Fact]
    public async Task Without_a_floor_the_space_is_not_measured()
    {
        _scenario.Policy = new() { MinFreeDiskBytes = 0 };
        _scenario.GivenNoTask();
        _scenario.UploadFreeBytes = 0;

        await _scenario.Send(Command(_chunk));

        Assert.Equal(["commit", "save"], _scenario.Effects);
        _scenario.Space.Verify(s => s.Uploads(), Times.Never);
    }
}
