using Microsoft.Extensions.DependencyInjection;
using Uploader.Application.Ports;

namespace Uploader.Api.Tests;

/// <summary>
/// Wraps the server's chunk staging to tell a test when a request has begun staging its bytes, which it does
/// only once it holds an upload permit. Every call is passed on unchanged.
/// </summary>
public sealed class StagingSignal
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first chunk starts staging.</summary>
    public Task FirstStarted => _started.Task;

    public void InstallIn(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var original = services.Last(d => d.ServiceType == typeof(IChunkStaging));
        services.AddSingleton<IChunkStaging>(provider => new Signalling(StagingWrapper.Create(provider, original), this));
    }

    private sealed class Signalling(IChunkStaging inner, StagingSignal signal) : IChunkStaging
    {
        public Task<IStagedChunk> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
        {
            signal._started.TrySetResult();
            return inner.StageAsync(content, maxBytes, cancellationToken);
        }
    }
}
