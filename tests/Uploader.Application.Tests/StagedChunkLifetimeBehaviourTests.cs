using Uploader.Application.Behaviours;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.UploadChunk;
using Uploader.Domain.Errors;

namespace Uploader.Application.Tests;

/// <summary>The staged chunk of a command is disposed exactly once, after the command, however it ends.</summary>
public sealed class StagedChunkLifetimeBehaviourTests
{
    private static readonly UploadChunkResult Answer = new("f", 0, 4, new string('a', 32), false, 1, 1, "a.bin");

    private readonly List<string> _effects = [];

    [Fact]
    public async Task The_chunk_is_disposed_after_the_command_answers()
    {
        var command = CommandWith(StagedChunk());

        var answer = await new StagedChunkLifetimeBehaviour().Handle(
            command,
            (_, _) =>
            {
                _effects.Add("handled");
                return ValueTask.FromResult(Answer);
            },
            CancellationToken.None);

        Assert.Same(Answer, answer);
        Assert.Equal(["handled", "disposed"], _effects);
    }

    [Fact]
    public async Task The_chunk_is_disposed_when_the_command_is_refused()
    {
        var refusal = new TaskPaused("f");

        var thrown = await Assert.ThrowsAsync<TaskPaused>(() => new StagedChunkLifetimeBehaviour()
            .Handle(CommandWith(StagedChunk()), (_, _) => throw refusal, CancellationToken.None).AsTask());

        Assert.Same(refusal, thrown);
        Assert.Equal(["disposed"], _effects);
    }

    private RecordedChunk StagedChunk() => new(_effects);

    private static UploadChunkCommand CommandWith(IStagedChunk chunk) => new("f", 0, 1, 4, null, null, "a.bin", null, null, chunk);

    private sealed class RecordedChunk(List<string> effects) : IStagedChunk
    {
        public long Size => 4;

        public string Md5 => new('a', 32);

        public string Checksum => new('a', 16);

        public Task<string> CommitAsync(Guid taskId, int index, CancellationToken cancellationToken) => Task.FromResult("location");

        public ValueTask DisposeAsync()
        {
            effects.Add("disposed");
            return ValueTask.CompletedTask;
        }
    }
}
