using Mediator;
using Uploader.Application.Ports;

namespace Uploader.Application.Tus.Commands.RecordTusTail;

/// <summary>
/// Keeps the staged first part of chunk <paramref name="Index"/> as the upload's tail, for the PATCH holding
/// <paramref name="Token"/>. The command owns <paramref name="Tail"/>: its handler disposes it, which removes the
/// staged bytes unless they were committed.
/// </summary>
public sealed record RecordTusTailCommand(string UploadId, Guid Token, int Index, IStagedChunk Tail) : ICommand<long>;
