using Moq;
using Uploader.Application.Errors;
using Uploader.Application.Tus.Commands.RecordTusTail;
using Uploader.Domain.Errors;
using static Uploader.Application.Tests.TusTailScenario;

namespace Uploader.Application.Tests;

/// <summary>A tail is kept as a chunk is: durable under a new location first, recorded second, the replaced one removed last.</summary>
public class RecordTusTailHandlerTests
{
    private readonly TusTailScenario _scenario = new();

    private Task<long> Send(Guid token, int index = 0) =>
        new RecordTusTailHandler(_scenario.Uploads.Object, _scenario.Storage.Object)
            .Handle(new RecordTusTailCommand(UploadId, token, index, _scenario.Staged.Object), CancellationToken.None).AsTask();

    [Fact]
    public async Task The_tail_is_committed_then_recorded_and_only_then_the_one_it_replaces_is_removed()
    {
        _scenario.Upload!.RecordTail(_scenario.Token, 0, 3, "tail-v1");

        var size = await Send(_scenario.Token);

        Assert.Equal(5, size);
        Assert.Equal(["commit", "save", "delete tail-v1"], _scenario.Effects);
        Assert.Equal((0, 5L, StagedLocation), (_scenario.Upload.TailIndex, _scenario.Upload.TailSize, _scenario.Upload.TailLocation));
        _scenario.Staged.Verify(s => s.DisposeAsync(), Times.Once);
    }

    [Fact]
    public async Task A_patch_that_lost_its_claim_before_it_got_here_commits_nothing()
    {
        var superseded = _scenario.Token;
        _scenario.Upload!.BeginPatch(0, 0);

        await Assert.ThrowsAsync<PatchSuperseded>(() => Send(superseded));

        Assert.Empty(_scenario.Effects);
        Assert.Null(_scenario.Upload.TailLocation);
        _scenario.Staged.Verify(s => s.DisposeAsync(), Times.Once);
    }

    [Fact]
    public async Task A_claim_taken_over_while_the_tail_was_committed_removes_the_new_tail_and_keeps_the_old_one()
    {
        _scenario.Upload!.RecordTail(_scenario.Token, 0, 3, "tail-v1");
        _scenario.SaveFailsWith(new ConcurrentChange(UploadId));

        await Assert.ThrowsAsync<PatchSuperseded>(() => Send(_scenario.Token));

        Assert.Equal(["commit", "save", $"delete {StagedLocation}"], _scenario.Effects);
    }

    [Fact]
    public async Task Any_other_failure_of_the_record_removes_the_new_tail_and_is_passed_on()
    {
        _scenario.SaveFailsWith(new TaskNotFound(UploadId));

        await Assert.ThrowsAsync<TaskNotFound>(() => Send(_scenario.Token));

        Assert.Equal(["commit", "save", $"delete {StagedLocation}"], _scenario.Effects);
    }

    [Fact]
    public async Task An_upload_that_is_gone_commits_nothing()
    {
        _scenario.Upload = null;

        await Assert.ThrowsAsync<TaskNotFound>(() => Send(_scenario.Token));

        Assert.Empty(_scenario.Effects);
        _scenario.Staged.Verify(s => s.DisposeAsync(), Times.Once);
    }
}
