using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Uploader.Application.Ports;

namespace Uploader.Api.Tests;

/// <summary>
/// Wraps the server's chunk storage so that a merge stops twice in its write stage: at its first block written
/// (before the count goes on), until <see cref="Open"/>, and at the next report, until <see cref="Finish"/>. Between
/// the two the merge's progress recorder has been told the first block's bytes, so a test that moved the clock past
/// the recorder's interval sees them on upload_status while the task is still merging.
/// </summary>
public sealed class MergeGate
{
    /// <summary>How long a held merge waits for the test at most, so a failing test cannot hang the run.</summary>
    private static readonly TimeSpan LongestHold = TimeSpan.FromMinutes(1);

    private readonly TaskCompletionSource<long> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the bytes written when the merge stands at the first stop.</summary>
    public Task<long> Held => _held.Task;

    public void Open() => _open.TrySetResult();

    public void Finish() => _finish.TrySetResult();

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

    public class Forwarder : DispatchProxy
    {
        private IChunkStorage? _inner;
        private MergeGate? _gate;

        internal void Attach(IChunkStorage inner, MergeGate gate)
        {
            _inner = inner;
            _gate = gate;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(IChunkStorage.AssembleAsync) && args is not null)
            {
                var written = Array.FindIndex(targetMethod.GetParameters(), p => p.ParameterType == typeof(IProgress<long>));
                args[written] = new HeldProgress((IProgress<long>)args[written]!, _gate!);
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }
        }
    }

    /// <summary>Blocks the write stage's thread, as a slow disk would.</summary>
    private sealed class HeldProgress(IProgress<long> inner, MergeGate gate) : IProgress<long>
    {
        private int _reports;

        public void Report(long value)
        {
            switch (++_reports)
            {
                case 1:
                    gate._held.TrySetResult(value);
                    gate._open.Task.Wait(LongestHold);
                    break;
                case 2:
                    gate._finish.Task.Wait(LongestHold);
                    break;
            }

            inner.Report(value);
        }
    }
}
