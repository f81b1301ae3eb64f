using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Uploader.Application.Ports;

namespace Uploader.Client.Tests.Server;

/// <summary>
/// Wraps the server's chunk storage so that every assembly first waits <see cref="Delay"/>: a merge as long as one of
/// many GiB, on files small enough for a test.
/// </summary>
public sealed class SlowMerges(TimeSpan delay)
{
    public TimeSpan Delay { get; } = delay;

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
            ((Forwarder)(object)proxy).Attach(inner, Delay);
            return proxy;
        });
    }

    public class Forwarder : DispatchProxy
    {
        private IChunkStorage? _inner;
        private TimeSpan _delay;

        internal void Attach(IChunkStorage inner, TimeSpan delay)
        {
            _inner = inner;
            _delay = delay;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            return targetMethod.Name == nameof(IChunkStorage.AssembleAsync)
                ? AfterDelayAsync(() => (Task<IAssembledFile>)Forward(targetMethod, args)!)
                : Forward(targetMethod, args);
        }

        private async Task<IAssembledFile> AfterDelayAsync(Func<Task<IAssembledFile>> assemble)
        {
            await Task.Delay(_delay);
            return await assemble();
        }

        private object? Forward(MethodInfo targetMethod, object?[]? args)
        {
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
