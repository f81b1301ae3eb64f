using Mediator;
using Uploader.Application.Ports;

namespace Uploader.Application.Tasks.Commands.RemoveOrphanData;

/// <summary>
/// Removes stored data that no task refers to any more: chunk data of removed tasks, and staged bodies and
/// merge temp files older than the leftover age. Sent by the expiry sweep; no endpoint exposes it.
/// </summary>
public sealed record RemoveOrphanDataCommand : ICommand<OrphanRemoval>;
