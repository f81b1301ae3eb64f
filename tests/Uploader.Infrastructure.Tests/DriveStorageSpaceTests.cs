using Uploader.Infrastructure.Storage;

namespace Uploader.Infrastructure.Tests;

public sealed class DriveStorageSpaceTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Both_folders_are_measured_on_their_volume()
    {
        var layout = new StorageLayout(_folder.Combine("upload"), _folder.Combine("merged"), durable: false);
        layout.EnsureFolders();
        var space = new DriveStorageSpace(layout);

        foreach (var (volume, folder) in new[] { (space.Uploads(), layout.UploadDir), (space.Merged(), layout.MergedDir) })
        {
            Assert.Equal(folder, volume.Path);
            Assert.True(volume.TotalBytes > 0, $"total {volume.TotalBytes}");
            Assert.InRange(volume.FreeBytes, 0, volume.TotalBytes);
            Assert.InRange(volume.UsagePercent, 0, 100);
        }
    }
}
