using Mediator;

namespace Uploader.Application.Tus.Commands.DropTusTail;

/// <summary>Forgets the upload's tail once chunk <paramref name="Index"/>, which it began, is stored in full.</summary>
public sealed record DropTusTailCommand(string UploadId, Guid Token, int Index) : ICommand;
