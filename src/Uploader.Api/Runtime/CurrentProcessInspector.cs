using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Uploader.Application.Ports;

namespace Uploader.Api.Runtime;

/// <summary>Reads the figures of this process from the runtime and the OS; each call is a fresh reading.</summary>
public sealed class CurrentProcessInspector : IProcessInspector
{
    private static readonly string AppVersion =
        typeof(CurrentProcessInspector).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "unknown";

    public ProcessSnapshot Snapshot()
    {
        using var process = Process.GetCurrentProcess();
        var collections = Enumerable.Range(0, GC.MaxGeneration + 1).Select(GC.CollectionCount).ToArray();
        return new ProcessSnapshot(
            AppVersion,
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.OSDescription,
            RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            Environment.ProcessId,
            process.StartTime.ToUniversalTime(),
            Environment.ProcessorCount,
            process.Threads.Count,
            Environment.WorkingSet,
            GC.GetGCMemoryInfo().HeapSizeBytes,
            collections);
    }
}
