namespace Uploader.Api.Tests;

/// <summary>Tests that start the built server as a child process; they run alone, not beside the in-process tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerProcessGroup
{
    public const string Name = "server process";
}
