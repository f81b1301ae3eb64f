namespace Uploader.Client.Tests.Cli;

/// <summary>The built <c>uploader</c> assembly, copied beside the tests by the project reference.</summary>
internal static class CliAssembly
{
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "uploader.dll");

    /// <summary>The dotnet host that runs this test process, to run the CLI with; else the one on PATH.</summary>
    public static string DotnetHost =>
        System.IO.Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : "dotnet";
}
