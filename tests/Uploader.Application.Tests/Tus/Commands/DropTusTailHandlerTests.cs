using Uploader.Application.Tus.Commands.DropTusTail;
using Uploader.Domain.Errors;
using static Uploader.Application.Tests.TusTailScenario;

namespace Uploader.Application.Tests;

/// <summary>A tail goes once the chunk it began is stored in full: the record first, its bytes after.</summary>
public class DropTusTailHandlerTests
{
    private readonly TusTailScenario _scenario = new();

    private Task<Mediator.Unit> Send(Guid token, int index) =>
        new DropTusTailHandler(_scenario.Uploads.Object, _scenario.Storage.Object)
            .Handle(new DropTusTailCommand(UploadId, token, index), CancellationToken.None).AsTask();

    [Fact]
    public async Task The_tail_of_the_stored_chunk_is_forgotten_then_removed()
    {
        _scenario.Upload!.RecordTail(_scenario.Token, 2, 3, "tail-v1");

        await Send(_scenario.Token, 2);

        Assert.Equal(["save", "delete tail-v1"], _scenario.Effects);
        Assert.Null(_scenario.Upload.TailIndex);
    }

    [Fact]
    public async Task A_tail_of_a_later_chunk_stays()
    {
        _scenario.Upload!.RecordTail(_scenario.Token, 3, 3, "tail-v1");

        await Send(_scenario.Token, 2);

        Assert.Empty(_scenario.Effects);
        Assert.Equal("tail-v1", _scenario.Upload.TailLocation);
    }

    [Fact]
    public async Task A_patch_that_lost_its_claim_drops_nothing()
    {
        _scenario.Upload!.RecordTail(_scenario.Token, 2, 3, "tail-v1");
        var superseded = _scenario.Token;
        _scenario.Upload.BeginPatch(0, 0);

        await Assert.ThrowsAsync<PatchSuperseded>(() => Send(superseded, 2));

        Assert.Empty(_scenario.Effects);
        Assert.Equal("tail-v1", _scenario.Upload.TailLocation);
    }
}
