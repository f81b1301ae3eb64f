using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Uploader.Application.Ports;

namespace Uploader.Api.Tests;

/// <summary>
/// Wraps the server's chunk storage to tell a test when a request has begun staging its bytes, which it does
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
        var original = services.Last(d => d.ServiceType == typeof(IChunkStorage));
        services.AddSingleton(provider =>
        {
            var proxy = DispatchProxy.Create<IChunkStorage, Forwarder>();
            ((Forwarder)(object)proxy).Attach(Create(provider, original), this);
            return proxy;
        });
    }

    private static IChunkStorage Create(IServiceProvider provider, ServiceDescriptor original) =>
        (IChunkStorage)(original.ImplementationInstance
            ?? original.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, original.ImplementationType!));

    /// <summary>Forwards by reflection, so the wrapper follows whatever IChunkStorage declares.</summary>
    public class Forwarder : DispatchProxy
    {
        private IChunkStorage? _inner;
        private StagingSignal? _signal;

        internal void Attach(IChunkStorage inner, StagingSignal signal)
        {
            _inner = inner;
            _signal = signal;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(IChunkStorage.StageAsync))
            {
                _signal!._started.TrySetResult();
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
}
