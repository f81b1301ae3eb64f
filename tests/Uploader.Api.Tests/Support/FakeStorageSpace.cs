using Microsoft.Extensions.DependencyInjection;
using Uploader.Application.Ports;
using Uploader.Application.Storage;

namespace Uploader.Api.Tests;

/// <summary>
/// Free space the test sets, per volume, in place of the real volumes' figures; the paths are the server's
/// real folders. Plenty of room (a quarter used) until a test says otherwise.
/// </summary>
public sealed class FakeStorageSpace : IStorageSpace
{
    public const long TotalBytes = 1L << 40;

    private readonly string _uploadDir;
    private readonly string _mergedDir;
    private long _uploadFree = TotalBytes * 3 / 4;
    private long _mergedFree = TotalBytes * 3 / 4;

    private FakeStorageSpace(string uploadDir, string mergedDir)
    {
        _uploadDir = uploadDir;
        _mergedDir = mergedDir;
    }

    public long UploadFreeBytes
    {
        get => Interlocked.Read(ref _uploadFree);
        set => Interlocked.Exchange(ref _uploadFree, value);
    }

    public long MergedFreeBytes
    {
        get => Interlocked.Read(ref _mergedFree);
        set => Interlocked.Exchange(ref _mergedFree, value);
    }

    /// <summary>Both volumes at once.</summary>
    public long FreeBytes
    {
        set => (UploadFreeBytes, MergedFreeBytes) = (value, value);
    }

    /// <summary>Installs a fake into <paramref name="factory"/>'s server, which must not have started yet.</summary>
    public static FakeStorageSpace InstallIn(UploaderFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var space = new FakeStorageSpace(factory.UploadDir, factory.MergedDir);
        factory.OverrideServices(services => services.AddSingleton<IStorageSpace>(space));
        return space;
    }

    public StorageVolume Uploads() => new(_uploadDir, UploadFreeBytes, TotalBytes);

    public StorageVolume Merged() => new(_mergedDir, MergedFreeBytes, TotalBytes);
}
