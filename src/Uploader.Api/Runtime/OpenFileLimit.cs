using System.Runtime.InteropServices;

namespace Uploader.Api.Runtime;

/// <summary>The process's soft limit on open files (RLIMIT_NOFILE), read with getrlimit on Linux.</summary>
internal static partial class OpenFileLimit
{
    /// <summary>RLIMIT_NOFILE on Linux (x86-64 and arm64 alike).</summary>
    private const int NoFile = 7;

    /// <summary>The soft limit, or null off Linux or when getrlimit fails.</summary>
    public static ulong? Soft() =>
        OperatingSystem.IsLinux() && GetRLimit(NoFile, out var limit) == 0 ? limit.Current : null;

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
