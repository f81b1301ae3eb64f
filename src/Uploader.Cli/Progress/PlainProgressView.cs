using Uploader.Client;

namespace Uploader.Cli.Progress;

internal sealed class PlainProgressView(TextWriter stderr, TimeSpan interval) : IProgressView
{
    public Task<T> ShowAsync<T>(Func<IProgress<UploadProgress>?, Task<T>> upload) =>
        upload(new PlainProgressLines(stderr, interval, TimeProvider.System));
}
