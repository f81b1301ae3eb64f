namespace Uploader.Cli;

/// <summary>The process exit codes; docs/cli.md lists them for scripts.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int UnexpectedError = 1;
    public const int UsageError = 2;
    public const int LocalFileError = 3;
    public const int Unauthorized = 4;
    public const int Unreachable = 5;
    public const int ServerRejected = 6;
    public const int ServerUnhealthy = 7;
    public const int Cancelled = 130;
}
