using Uploader.Client;

namespace Uploader.Cli.Progress;

internal sealed class SilentProgressView : IProgressView
{
    public Task<T> ShowAsync<T>(Func<IProgress<UploadProgress>?, Task<T>> upload) => upload(null);
}
