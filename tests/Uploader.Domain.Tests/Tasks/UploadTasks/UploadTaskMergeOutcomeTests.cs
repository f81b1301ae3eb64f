using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

/// <summary>How a merge ends: CompleteMerge, AbortMerge, FailMerge and RecoverInterruptedMerge.</summary>
public class UploadTaskMergeOutcomeTests
{
    private const string MergedMd5 = "9e107d9d372bb6826bd81d3542a419d6";
    private static readonly DateTime Later = UploadTaskBuilder.Later;

    public static TheoryData<UploadTaskStatus> NotMerging =>
        [UploadTaskStatus.Uploading, UploadTaskStatus.Paused, UploadTaskStatus.Completed, UploadTaskStatus.Failed];

    private static UploadTask Merging() => new UploadTaskBuilder().InStatus(UploadTaskStatus.Merging).Build();

    [Fact]
    public void CompleteMerge_records_the_file_md5_and_final_path()
    {
        var task = Merging();
        var version = task.Version;

        task.CompleteMerge(MergedMd5, "docs/report (1).pdf", Later);

        Assert.Equal(UploadTaskStatus.Completed, task.Status);
        Assert.Equal(MergedMd5, task.FileMd5);
        Assert.Equal("docs/report (1).pdf", task.FinalPath);
        Assert.Equal(version + 1, task.Version);
        Assert.Equal(Later, task.UpdatedAt);
    }

    [Fact]
    public void CompleteMerge_clears_the_error_of_an_earlier_attempt()
    {
        var task = Merging();
        task.AbortMerge("checksum mismatch", Later);
        task.BeginMerge(Later);

        task.CompleteMerge(MergedMd5, "docs/report.pdf", Later);

        Assert.Null(task.LastError);
    }

    [Fact]
    public void AbortMerge_lets_the_task_take_chunks_again_and_keeps_the_reason()
    {
        var task = Merging();
        var version = task.Version;

        task.AbortMerge("chunk 1 is corrupt", Later);

        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
        Assert.Equal("chunk 1 is corrupt", task.LastError);
        Assert.Equal(0, task.RetryCount);
        Assert.Equal(version + 1, task.Version);
        Assert.Equal(Later, task.UpdatedAt);
        Assert.Equal(3, task.Chunks.Count);
        Assert.Null(task.FileMd5);
    }

    [Fact]
    public void FailMerge_parks_the_task_as_failed_and_leaves_the_retry_to_the_resume()
    {
        var task = Merging();
        var version = task.Version;

        task.FailMerge("disk full", Later);

        Assert.Equal(UploadTaskStatus.Failed, task.Status);
        Assert.Equal("disk full", task.LastError);
        Assert.Equal(0, task.RetryCount);
        Assert.Equal(version + 1, task.Version);
        Assert.Equal(Later, task.UpdatedAt);
    }

    [Fact]
    public void RecoverInterruptedMerge_takes_the_task_back_to_uploading()
    {
        var task = Merging();
        var version = task.Version;

        task.RecoverInterruptedMerge(recordedFileIsPublished: false, Later);

        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
        Assert.Contains("interrupted", task.LastError, StringComparison.Ordinal);
        Assert.Equal(version + 1, task.Version);
        Assert.Equal(0, task.RetryCount);
    }

    [Fact]
    public void RecordMergeTarget_keeps_the_task_merging_and_remembers_where_the_file_goes()
    {
        var task = Merging();
        var version = task.Version;

        task.RecordMergeTarget(MergedMd5, "docs/report (1).pdf", "test-identity", Later);

        Assert.Equal(UploadTaskStatus.Merging, task.Status);
        Assert.Equal(MergedMd5, task.FileMd5);
        Assert.Equal("docs/report (1).pdf", task.FinalPath);
        Assert.Equal("test-identity", task.MergedFileIdentity);
        Assert.Equal(version + 1, task.Version);
        Assert.Equal(Later, task.UpdatedAt);
    }

    [Fact]
    public void RecoverInterruptedMerge_completes_a_merge_whose_recorded_file_is_published()
    {
        var task = Merging();
        task.RecordMergeTarget(MergedMd5, "docs/report (1).pdf", "test-identity", Later);

        task.RecoverInterruptedMerge(recordedFileIsPublished: true, Later);

        Assert.Equal(UploadTaskStatus.Completed, task.Status);
        Assert.Equal(MergedMd5, task.FileMd5);
        Assert.Equal("docs/report (1).pdf", task.FinalPath);
        Assert.Null(task.LastError);
    }

    [Fact]
    public void RecoverInterruptedMerge_takes_back_a_merge_whose_recorded_file_is_not_published()
    {
        var task = Merging();
        task.RecordMergeTarget(MergedMd5, "docs/report.pdf", "test-identity", Later);

        task.RecoverInterruptedMerge(recordedFileIsPublished: false, Later);

        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
        Assert.Null(task.FileMd5);
        Assert.Null(task.FinalPath);
        Assert.Null(task.MergedFileIdentity);
    }

    [Fact]
    public void RecoverInterruptedMerge_cannot_complete_a_merge_that_recorded_no_target()
    {
        var task = Merging();

        task.RecoverInterruptedMerge(recordedFileIsPublished: true, Later);

        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
        Assert.Null(task.FinalPath);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_merge_that_ends_without_completing_forgets_its_recorded_target(bool failed)
    {
        var task = Merging();
        task.RecordMergeTarget(MergedMd5, "docs/report.pdf", "test-identity", Later);

        if (failed)
        {
            task.FailMerge("disk full", Later);
        }
        else
        {
            task.AbortMerge("checksum", Later);
        }

        Assert.Null(task.FileMd5);
        Assert.Null(task.FinalPath);
    }

    [Theory]
    [MemberData(nameof(NotMerging))]
    public void CompleteMerge_needs_a_merging_task(UploadTaskStatus status) =>
        AssertRefused(status, task => task.CompleteMerge(MergedMd5, "docs/other.pdf", Later));

    [Theory]
    [MemberData(nameof(NotMerging))]
    public void AbortMerge_needs_a_merging_task(UploadTaskStatus status) =>
        AssertRefused(status, task => task.AbortMerge("reason", Later));

    [Theory]
    [MemberData(nameof(NotMerging))]
    public void FailMerge_needs_a_merging_task(UploadTaskStatus status) =>
        AssertRefused(status, task => task.FailMerge("reason", Later));

    [Theory]
    [MemberData(nameof(NotMerging))]
    public void RecoverInterruptedMerge_needs_a_merging_task(UploadTaskStatus status) =>
        AssertRefused(status, task => task.RecoverInterruptedMerge(recordedFileIsPublished: true, Later));

    [Theory]
    [MemberData(nameof(NotMerging))]
    public void RecordMergeTarget_needs_a_merging_task(UploadTaskStatus status) =>
        AssertRefused(status, task => task.RecordMergeTarget(MergedMd5, "docs/report.pdf", "test-identity", Later));

    private static void AssertRefused(UploadTaskStatus status, Action<UploadTask> change)
    {
        var task = new UploadTaskBuilder().InStatus(status).Build();
        var before = TaskSnapshot.Of(task);

        Assert.Throws<InvalidTaskState>(() => change(task));

        Assert.Equal(before, TaskSnapshot.Of(task));
    }
}
