using Uploader.Domain.Tasks;

namespace Uploader.Domain.Folders;

/// <summary>One file a folder upload declares before any of its bytes arrive: where it goes and how it is cut.</summary>
public sealed record FolderFile(RelativeFilePath Path, FileLayout Layout);
