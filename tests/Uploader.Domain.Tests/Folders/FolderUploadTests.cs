using Uploader.Domain.Errors;
using Uploader.Domain.Folders;
using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests.Folders;

public sealed class FolderUploadTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Starts_one_uploading_task_per_file_in_the_given_order_belonging_to_the_folder()
    {
        var folder = Folder("f/b.txt", "f/a/c.bin");

        Assert.Equal(["f-1", "f-2"], folder.Files.Select(f => f.FileId));
        Assert.Equal(["f/b.txt", "f/a/c.bin"], folder.Files.Select(f => f.RelativePath));
        Assert.All(folder.Files, f => Assert.Equal((UploadTaskStatus.Uploading, (Guid?)folder.Id), (f.Status, f.FolderId)));
        Assert.Equal(UploadTaskStatus.Uploading, folder.Status);
    }

    [Fact]
    public void Refuses_two_files_at_one_path()
    {
        var error = Assert.Throws<InvalidPath>(() => Folder("f/a.txt", "f/a.txt"));

        Assert.Contains("f/a.txt", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_folder_without_files() =>
        Assert.Throws<ArgumentException>(() => FolderUpload.Start("f", "f", [], i => $"f-{i}", Now));

    [Theory]
    [InlineData(UploadTaskStatus.Merging, new[] { UploadTaskStatus.Completed, UploadTaskStatus.Merging, UploadTaskStatus.Failed })]
    [InlineData(UploadTaskStatus.Uploading, new[] { UploadTaskStatus.Paused, UploadTaskStatus.Uploading, UploadTaskStatus.Failed })]
    [InlineData(UploadTaskStatus.Failed, new[] { UploadTaskStatus.Completed, UploadTaskStatus.Paused, UploadTaskStatus.Failed })]
    [InlineData(UploadTaskStatus.Paused, new[] { UploadTaskStatus.Completed, UploadTaskStatus.Paused })]
    [InlineData(UploadTaskStatus.Completed, new[] { UploadTaskStatus.Completed, UploadTaskStatus.Completed })]
    public void The_folders_status_follows_its_busiest_file(UploadTaskStatus expected, UploadTaskStatus[] files) =>
        Assert.Equal(expected, FolderUpload.StatusOf(files));

    [Fact]
    public void Pause_pauses_the_uploading_files_and_resume_takes_paused_and_failed_ones_back()
    {
        var folder = Folder("f/a", "f/b", "f/c");
        var failing = folder.Files.Last();
        Complete(failing);
        failing.BeginMerge(Now);
        failing.FailMerge("disk gone", Now);

        Assert.Equal(2, folder.Pause(Now));
        Assert.Equal([UploadTaskStatus.Paused, UploadTaskStatus.Paused, UploadTaskStatus.Failed], folder.Files.Select(f => f.Status));
        Assert.Equal(0, folder.Pause(Now));

        Assert.Equal(3, folder.Resume(Now));
        Assert.All(folder.Files, f => Assert.Equal(UploadTaskStatus.Uploading, f.Status));
    }

    [Fact]
    public void Cannot_be_removed_while_a_file_is_merging()
    {
        var folder = Folder("f/a", "f/b");
        var merging = folder.Files.First();
        Complete(merging);
        merging.BeginMerge(Now);

        Assert.Throws<MergeInProgress>(folder.EnsureRemovable);
        Assert.Equal(UploadTaskStatus.Merging, folder.Status);
    }

    [Fact]
    public void A_file_declared_without_a_chunk_size_takes_the_chunk_size_its_chunks_give()
    {
        var file = Folder("f/a").Files.Single();

        var admission = file.Admit(0, 10, FileLayout.Create(16, 2, 10));

        Assert.Equal(10, admission.Size);
        Assert.Throws<SizeMismatch>(() => file.Admit(1, 17, FileLayout.Create(16, 2, 10)));
        Assert.Throws<TaskMismatch>(() => file.Admit(1, 6, FileLayout.Create(17, 2, 10)));
    }

    private static FolderUpload Folder(params string[] paths) =>
        FolderUpload.Start(
            "f",
            "f",
            [.. paths.Select(p => new FolderFile(RelativeFilePath.Parse(p), FileLayout.Create(16, 2, null)))],
            i => $"f-{i + 1}",
            Now);

    private static void Complete(UploadTask file)
    {
        for (var i = 0; i < 2; i++)
        {
            file.AcceptChunk(file.Admit(i, 8, file.Layout), new string('0', 32), $"loc-{i}", Now);
        }
    }
}
