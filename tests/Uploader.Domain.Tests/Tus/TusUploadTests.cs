using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;
using Uploader.Domain.Tus;

namespace Uploader.Domain.Tests.Tus;

public sealed class TusUploadTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);
    private static readonly FileLayout Layout = FileLayout.Create(fileSize: 250, totalChunks: 3, chunkSize: 100);

    private static TusUpload NewUpload() => TusUpload.Start(Guid.NewGuid(), "tus-1", "filename YQ==", Now);

    [Fact]
    public void The_offset_is_the_chunks_stored_from_the_first_without_a_gap()
    {
        var upload = NewUpload();

        Assert.Equal(0, upload.OffsetOf(Layout, []));
        Assert.Equal(200, upload.OffsetOf(Layout, [0, 1]));
        Assert.Equal(100, upload.OffsetOf(Layout, [0, 2]));
        Assert.Equal(250, upload.OffsetOf(Layout, [0, 1, 2]));
    }

    [Fact]
    public void A_tail_counts_only_where_the_stored_chunks_end()
    {
        var upload = NewUpload();
        var token = upload.BeginPatch(0, 0);
        upload.RecordTail(token, 1, 30, "chunk-1-a");

        Assert.Equal(130, upload.OffsetOf(Layout, [0]));
        Assert.Equal(0, upload.OffsetOf(Layout, []));
        Assert.Equal(200, upload.OffsetOf(Layout, [0, 1]));
    }

    [Fact]
    public void A_patch_at_another_offset_is_refused_with_the_offset_to_continue_at()
    {
        var upload = NewUpload();

        var error = Assert.Throws<UploadOffsetMismatch>(() => upload.BeginPatch(requestedOffset: 90, offset: 130));

        Assert.Equal((90, 130), (error.Requested, error.Actual));
        Assert.Null(upload.PatchToken);
    }

    [Fact]
    public void A_later_patch_takes_the_upload_over_and_the_earlier_one_can_record_no_tail()
    {
        var upload = NewUpload();
        var first = upload.BeginPatch(0, 0);
        var second = upload.BeginPatch(0, 0);

        Assert.Throws<PatchSuperseded>(() => upload.RecordTail(first, 0, 50, "chunk-0-a"));
        Assert.Null(upload.TailLocation);
        Assert.Null(upload.RecordTail(second, 0, 50, "chunk-0-b"));
        Assert.Equal("chunk-0-b", upload.RecordTail(second, 0, 70, "chunk-0-c"));
        Assert.Equal((0, 70L, "chunk-0-c"), (upload.TailIndex!.Value, upload.TailSize, upload.TailLocation));
    }

    [Fact]
    public void Dropping_the_tail_hands_back_its_location()
    {
        var upload = NewUpload();
        var token = upload.BeginPatch(0, 0);
        upload.RecordTail(token, 0, 50, "chunk-0-a");

        Assert.Equal("chunk-0-a", upload.DropTail());
        Assert.Equal((null, 0L, null), (upload.TailIndex, upload.TailSize, upload.TailLocation));
        Assert.Null(upload.DropTail());
    }

    [Fact]
    public void Only_a_finished_partial_upload_gives_its_bytes_to_a_final_upload()
    {
        var partial = TusUpload.Start(Guid.NewGuid(), "tus-2", null, Now, partial: true);

        partial.EnsureCompletePart(Layout, [0, 1, 2]);
        Assert.Throws<InvalidConcatenation>(() => partial.EnsureCompletePart(Layout, [0, 1]));
        Assert.Throws<InvalidConcatenation>(() => NewUpload().EnsureCompletePart(Layout, [0, 1, 2]));
        var deferred = TusUpload.Start(Guid.NewGuid(), "tus-3", null, Now, lengthDeferred: true, partial: true);
        Assert.Throws<InvalidConcatenation>(() => deferred.EnsureCompletePart(Layout, [0, 1, 2]));
    }

    [Fact]
    public void A_final_upload_keeps_its_parts_in_order_takes_no_patch_and_holds_all_or_nothing()
    {
        var final = TusUpload.StartFinal(Guid.NewGuid(), "tus-4", null, Now, ["tus-b", "tus-a"]);
        var layout = FileLayout.Create(fileSize: 250, totalChunks: 4, chunkSize: null);

        Assert.Equal(["tus-b", "tus-a"], final.Parts);
        Assert.Throws<FinalUploadImmutable>(() => final.BeginPatch(0, 0));
        Assert.Equal(0, final.OffsetOf(layout, []));
        Assert.Equal(250, final.OffsetOf(layout, [0, 1, 2, 3]));
        Assert.Throws<InvalidConcatenation>(() => TusUpload.StartFinal(Guid.NewGuid(), "tus-5", null, Now, []));
    }
}
