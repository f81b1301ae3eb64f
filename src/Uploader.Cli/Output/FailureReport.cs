using System.Text.Json;
using Uploader.Client;

namespace Uploader.Cli.Output;

/// <summary>Turns whatever ended a command into its exit code and one line on stderr (and, with --json, an error document).</summary>
internal sealed class FailureReport(CliContext cli, bool json, Uri? server, string command)
{
    public int Write(Exception failure, CancellationToken cancellationToken)
    {
        var (exitCode, code, status, message) = Describe(failure, cancellationToken);
        cli.Stderr.WriteLine($"error: {code}: {message}");
        if (json)
        {
            JsonOutput.Write(cli.Stdout, new { error = new { code, status, message, exit_code = exitCode } });
        }

        return exitCode;
    }

    private (int ExitCode, string Code, int? Status, string Message) Describe(Exception failure, CancellationToken cancellationToken) =>
        failure switch
        {
            OperationCanceledException when cancellationToken.IsCancellationRequested =>
                (ExitCodes.Cancelled, "cancelled", null, command == "download"
                    ? "stopped; run the same download again to resume from the partial file"
                    : "stopped; run the same upload again to resume from the chunks the server holds"),
            InvalidSettingException setting => (ExitCodes.UsageError, "invalid_setting", null, setting.Message),
            LocalPathException local => (ExitCodes.LocalFileError, "local_file", null, local.Message),
            UploadLimitException limit => (ExitCodes.UsageError, limit.Code, null, LimitText(limit)),
            DownloadTargetExistsException exists => (ExitCodes.LocalFileError, "local_file", null, $"{exists.Path} exists already; --force overwrites it"),
            DownloadChecksumException mismatch => (ExitCodes.ServerRejected, DownloadChecksumException.Code, null, mismatch.Message),
            FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException =>
                (ExitCodes.LocalFileError, "local_file", null, failure.Message),

            // The client turns every network IOException into unreachable: one that gets here is the local disk's.
            IOException => (ExitCodes.LocalFileError, "local_file", null, OneLine(failure.Message)),
            UploaderApiException { StatusCode: 401 } refused =>
                (ExitCodes.Unauthorized, refused.Code, 401, $"{refused.Detail ?? "The server refused the API key."} Pass it with --key or {Commands.GlobalOptions.KeyVariable}."),
            UploaderApiException { Code: UploaderApiException.UnreachableCode } unreachable =>
                (ExitCodes.Unreachable, unreachable.Code, null, $"cannot reach {ServerName()}: {unreachable.Detail ?? "no answer"}"),
            UploaderApiException rejected => (ExitCodes.ServerRejected, rejected.Code, rejected.StatusCode, rejected.Detail ?? rejected.Message),
            JsonException => (ExitCodes.UnexpectedError, "bad_answer", null, $"the server's answer is not what this client understands ({failure.Message})"),
            _ => (ExitCodes.UnexpectedError, "unexpected", null, OneLine(failure.Message)),
        };

    /// <summary>The chunk size is the user's option, so the line names it; the other limits are the file's.</summary>
    private static string LimitText(UploadLimitException limit) => limit.Code == UploadLimitException.ChunkTooLarge
        ? $"--chunk-size {Figure(limit.Actual)} is above the server's max_chunk_size of {Figure(limit.Limit)}"
        : OneLine(limit.Message);

    private static string Figure(long bytes) => $"{Display.Bytes(bytes)} ({Display.Number(bytes)} bytes)";

    private string ServerName() => server is null ? "the server" : $"the server at {server}";

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
