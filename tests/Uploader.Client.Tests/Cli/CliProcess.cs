using System.Diagnostics;

namespace Uploader.Client.Tests.Cli;

/// <summary>The built uploader assembly running as its own process, as a user would start it.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private CliProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;

    public static CliProcess Start(params string[] args) => StartIn(Environment.CurrentDirectory, args);

    /// <summary>The same in <paramref name="folder"/>, which relative paths (and a download without -o) are taken from.</summary>
    public static CliProcess StartIn(string folder, params string[] args)
    {
        var start = new ProcessStartInfo(CliAssembly.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(CliAssembly.Path);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only what the command line says: no key or server from the test machine's environment.
        start.Environment.Remove("UPLOADER_KEY");
        start.Environment.Remove("UPLOADER_SERVER");
        return new CliProcess(Process.Start(start)!);
    }

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var process = Start(args);
        return await process.WaitAsync();
    }

    /// <summary>SIGKILL on Unix: no handler runs, nothing is flushed, as if the machine lost power.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, which the CLI handles like Ctrl+C.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>SIGSTOP: the run sends nothing more until <see cref="Resume"/>; what it already sent goes on arriving.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => Signal("CONT");

    public Task<CliResult> WaitAsync() => WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>The run's result once it exits; a run still going after <paramref name="limit"/> fails the test.</summary>
    public async Task<CliResult> WaitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        return new CliResult(_process.ExitCode, await _stdout, await _stderr);
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {Id} exited with {kill.ExitCode}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
