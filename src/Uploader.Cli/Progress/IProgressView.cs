using Uploader.Client;

namespace Uploader.Cli.Progress;

/// <summary>Shows the progress of an upload run while it goes; the run gets the sink to report into.</summary>
internal interface IProgressView
{
    Task<T> ShowAsync<T>(Func<IProgress<UploadProgress>?, Task<T>> upload);

    /// <summary>A live bar on a terminal; plain lines on stderr when stdout is redirected or carries JSON.</summary>
    static IProgressView Choose(CliContext cli, bool json, bool quiet)
    {
        if (quiet)
        {
            return new SilentProgressView();
        }

        return cli.Environment.OutputIsTerminal && !json
            ? new LiveProgressView(cli.Stdout)
            : new PlainProgressView(cli.Stderr, cli.Environment.PlainProgressInterval);
    }
}
