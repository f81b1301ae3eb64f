using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Uploader.Application.Ports;

namespace Uploader.Api.Tests;

/// <summary>
/// Wraps the server's chunk storage so that a staged chunk's commit waits until the test opens the gate: the
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
        var original = services.Last(d => d.ServiceType == typeof(IChunkStorage));
        services.AddSingleton(provider =>
        {
            var proxy = DispatchProxy.Create<IChunkStorage, Forwarder>();
            var inner = (IChunkStorage)(original.ImplementationInstance
                ?? original.ImplementationFactory?.Invoke(provider)
                ?? ActivatorUtilities.CreateInstance(provider, original.ImplementationType!));
            ((Forwarder)(object)proxy).Attach(inner, this);
            return proxy;
        });
    }

    private async Task<IStagedChunk> GateAsync(Task<IStagedChunk> staging) => new GatedChunk(await staging, this);

    public class Forwarder : DispatchProxy
    {
        private IChunkStorage? _inner;
        private CommitGate? _gate;

        internal void Attach(IChunkStorage inner, CommitGate gate)
        {
            _inner = inner;
            _gate = gate;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            object? result;
            try
            {
                result = targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }

            return targetMethod.Name == nameof(IChunkStorage.StageAsync) ? _gate!.GateAsync((Task<IStagedChunk>)result!) : result;
        }
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
