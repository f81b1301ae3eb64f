namespace Uploader.Api.Tests;

/// <summary>A second instance on a <see cref="ProcessServer"/>'s folders and database (<see cref="ProcessServer.StartSiblingAsync"/>); dispose kills it.</summary>
internal sealed record SiblingServer(ServerProcess Process, Uri BaseAddress) : IDisposable
{
    public UploaderApi Api(TimeSpan timeout) => UploaderApi.ForProcess(BaseAddress, timeout);

    public void Dispose() => Process.Dispose();
}
