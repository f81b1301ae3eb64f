using Microsoft.Extensions.DependencyInjection;
using Uploader.Application.Ports;

namespace Uploader.Api.Tests;

/// <summary>
/// Wraps the server's chunk staging so that a staged chunk's commit waits until the test opens the gate: the
/// request has then read its body, loaded its task and passed every check, and stands just before its bytes are
/// renamed into the task folder and recorded. The test can change the task at exactly that moment.
/// </summary>
public sealed class CommitGate
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first commit is waiting at the gate.</summary>
    public Task Reached => _reached.Task;

    public void Open() => _open.TrySetResult();

    public void InstallIn(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var original = services.Last(d => d.ServiceType == typeof(IChunkStaging));
        services.AddSingleton<IChunkStaging>(provider => new Gating(StagingWrapper.Create(provider, original), this));
    }

    private sealed class Gating(IChunkStaging inner, CommitGate gate) : IChunkStaging
    {
        public async Task<IStagedChunk> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken) =>
            new GatedChunk(await inner.StageAsync(content, maxBytes, cancellationToken), gate);
    }

    private sealed class GatedChunk(IStagedChunk inner, CommitGate gate) : IStagedChunk
    {
        public long Size => inner.Size;

        public string Md5 => inner.Md5;

        public string Checksum => inner.Checksum;

        public async Task<string> CommitAsync(Guid taskId, int index, CancellationToken cancellationToken)
        {
            gate._reached.TrySetResult();
            await gate._open.Task;
            return await inner.CommitAsync(taskId, index, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
