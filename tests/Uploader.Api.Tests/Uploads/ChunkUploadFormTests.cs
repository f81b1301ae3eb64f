using FluentValidation;
using Uploader.Api.Contracts;
using Uploader.Api.Uploads;
using Uploader.Application.Ports;

namespace Uploader.Api.Tests;

/// <summary>The form turns fields into a typed command or names every field it lacks; it hands the chunk over once.</summary>
public class ChunkUploadFormTests
{
    [Fact]
    public void Every_missing_required_field_is_reported_at_once()
    {
        var form = new ChunkUploadForm();

        var error = Assert.Throws<ValidationException>(form.ToCommand);

        Assert.Equal(
            ["chunk", "chunk_index", "file_id", "file_size", "total_chunks"],
            error.Errors.Select(e => e.PropertyName).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Missing_and_malformed_fields_are_reported_together()
    {
        var form = new ChunkUploadForm();
        form.TryAddField(WireFields.ChunkIndex, "two");
        form.SetChunk(new DisposalCount(), "part.bin");

        var error = Assert.Throws<ValidationException>(form.ToCommand);

        Assert.Equal(
            ["chunk_index", "file_id", "file_size", "total_chunks"],
            error.Errors.Select(e => e.PropertyName).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_refused_form_keeps_its_chunk_and_removes_it_when_disposed()
    {
        var chunk = new DisposalCount();
        var form = new ChunkUploadForm();
        form.SetChunk(chunk, null);

        Assert.Throws<ValidationException>(form.ToCommand);
        await form.DisposeAsync();

        Assert.Equal(1, chunk.Disposals);
    }

    [Fact]
    public async Task A_complete_form_hands_its_chunk_to_the_command_and_no_longer_disposes_it()
    {
        var chunk = new DisposalCount();
        var form = new ChunkUploadForm();
        form.TryAddField(WireFields.FileId, "f-1");
        form.TryAddField(WireFields.ChunkIndex, "1");
        form.TryAddField(WireFields.TotalChunks, "3");
        form.TryAddField(WireFields.FileSize, "30");
        form.SetChunk(chunk, "part.bin");

        var command = form.ToCommand();
        await form.DisposeAsync();

        Assert.Same(chunk, command.Chunk);
        Assert.Equal(("f-1", 1, 3, 30L, (long?)null, "part.bin"), (command.FileId, command.ChunkIndex, command.TotalChunks, command.FileSize, command.ChunkSize, command.PartFileName));
        Assert.Equal(0, chunk.Disposals);
    }

    private sealed class DisposalCount : IStagedChunk
    {
        public int Disposals { get; private set; }

        public long Size => 10;

        public string Md5 => new('0', 32);

        public string Checksum => new('0', 16);

        public Task<string> CommitAsync(Guid taskId, int index, CancellationToken cancellationToken) => Task.FromResult("location");

        public ValueTask DisposeAsync()
        {
            Disposals++;
            return ValueTask.CompletedTask;
        }
    }
}
