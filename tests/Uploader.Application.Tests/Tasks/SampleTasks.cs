using System.Globalization;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

/// <summary>
/// Real <see cref="UploadTask"/>s built through the domain's public API: "docs/report.pdf",
/// 10 bytes in 3 chunks of 4 (4 + 4 + 2), chunk i stored at "chunk-i-v1" with md5 <see cref="Md5Of"/>(i)
/// and checksum <see cref="ChecksumOf"/>(i).
/// </summary>
internal static class SampleTasks
{
    public const string FileId = "file-1";
    public const string RelativePath = "docs/report.pdf";
    public const long FileSize = 10;
    public const int TotalChunks = 3;
    public const long ChunkSize = 4;
    public const string MergedMd5 = "9e107d9d372bb6826bd81d3542a419d6";

    public static readonly DateTime Created = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    public static UploadTask Uploading(params int[] storedChunks)
    {
        var task = UploadTask.Start(
            FileId, RelativeFilePath.Parse(RelativePath), FileLayout.Create(FileSize, TotalChunks, ChunkSize), Created);
        foreach (var index in storedChunks)
        {
            task.AcceptChunk(task.Admit(index, SizeOf(index), task.Layout), Md5Of(index), LocationOf(index), Created, ChecksumOf(index));
        }

        return task;
    }

    public static UploadTask Complete() => Uploading(0, 1, 2);

    public static UploadTask Paused()
    {
        var task = Uploading();
        task.Pause(Created);
        return task;
    }

    public static UploadTask Merging()
    {
        var task = Complete();
        task.BeginMerge(Created);
        return task;
    }

    public static UploadTask Completed(string finalPath = RelativePath)
    {
        var task = Merging();
        task.CompleteMerge(MergedMd5, finalPath, Created);
        return task;
    }

    public static UploadTask Failed()
    {
        var task = Merging();
        task.FailMerge("disk unplugged", Created);
        return task;
    }

    public static long SizeOf(int index) => index < TotalChunks - 1 ? ChunkSize : FileSize - (ChunkSize * (TotalChunks - 1));

    public static string Md5Of(int index) => index.ToString("x32", CultureInfo.InvariantCulture);

    public static string ChecksumOf(int index) => index.ToString("x16", CultureInfo.InvariantCulture);

    public static string LocationOf(int index) => $"chunk-{index}-v1";
}
