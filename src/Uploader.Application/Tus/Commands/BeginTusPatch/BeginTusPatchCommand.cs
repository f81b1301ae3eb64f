using Mediator;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tus.Commands.BeginTusPatch;

/// <summary>Claims an upload for a PATCH that continues at <paramref name="Offset"/>.</summary>
/// <param name="Length">Upload-Length on the PATCH: the length of an upload created with a deferred one.</param>
public sealed record BeginTusPatchCommand(string UploadId, long Offset, long? Length = null) : ICommand<TusPatch>;

/// <summary>
/// What the PATCH needs to cut its body into the task's chunks: its claim, the layout, where it starts, and the tail
/// it continues (the first <paramref name="TailSize"/> bytes of chunk <c>Offset / ChunkSize</c>) when there is one.
/// <paramref name="Partial"/>: a piece of a concatenation, whose last byte starts no merge.
/// </summary>
public sealed record TusPatch(
    Guid Token,
    Guid TaskId,
    string UploadId,
    FileLayout Layout,
    long Offset,
    string? TailLocation,
    long TailSize,
    string RelativePath,
    bool Partial)
{
    public long ChunkSize => Layout.ChunkSize!.Value;
}
