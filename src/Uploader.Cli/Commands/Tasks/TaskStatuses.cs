namespace Uploader.Cli.Commands.Tasks;

/// <summary>The task statuses of the contract, checked here so a typo is a usage error, not a server round trip.</summary>
internal static class TaskStatuses
{
    public static readonly string[] All = ["uploading", "paused", "merging", "completed", "failed"];

    /// <summary>Cleanup refuses merging: a merging task is never cleaned up.</summary>
    public static readonly string[] Cleanable = ["uploading", "paused", "completed", "failed"];
}
