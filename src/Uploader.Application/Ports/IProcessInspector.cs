namespace Uploader.Application.Ports;

/// <summary>Facts about the running server process; the host reads them from the runtime.</summary>
public interface IProcessInspector
{
    ProcessSnapshot Snapshot();
}

/// <param name="AppVersion">The server's own version.</param>
/// <param name="Framework">The .NET runtime, as it describes itself (".NET 10.0.1").</param>
/// <param name="OperatingSystem">The OS description the runtime reports.</param>
/// <param name="Architecture">The process architecture (x64, arm64, ...).</param>
/// <param name="ProcessId">The OS process id.</param>
/// <param name="StartedAt">When the process started, UTC.</param>
/// <param name="ProcessorCount">Processors the process may use.</param>
/// <param name="ThreadCount">OS threads of the process.</param>
/// <param name="WorkingSetBytes">Physical memory mapped to the process.</param>
/// <param name="GcHeapSizeBytes">Size of the managed heap after the last collection, fragmentation included.</param>
/// <param name="GcCollections">Collections so far, per generation (index 0 is gen 0).</param>
public sealed record ProcessSnapshot(
    string AppVersion,
    string Framework,
    string OperatingSystem,
    string Architecture,
    int ProcessId,
    DateTime StartedAt,
    int ProcessorCount,
    int ThreadCount,
    long WorkingSetBytes,
    long GcHeapSizeBytes,
    IReadOnlyList<int> GcCollections);
