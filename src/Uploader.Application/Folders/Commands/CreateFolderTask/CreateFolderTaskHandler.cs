using System.Globalization;
using System.Security.Cryptography;
using Mediator;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Domain.Errors;
using Uploader.Domain.Folders;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Folders.Commands.CreateFolderTask;

/// <summary>
/// Creates the folder and one task per file, with the same checks a first chunk's name and size get (path rules,
/// allowed_extensions, max_file_size, the free-space floor), so that no file of an accepted folder is refused later
/// for its name or size.
/// </summary>
public sealed class CreateFolderTaskHandler(
    IFolderUploadRepository folders,
    IStorageSpace space,
    UploadPolicy policy,
    TimeProvider clock) : ICommandHandler<CreateFolderTaskCommand, CreateFolderTaskResult>
{
    public async ValueTask<CreateFolderTaskResult> Handle(CreateFolderTaskCommand command, CancellationToken cancellationToken)
    {
        var folderName = RelativeFilePath.ParseFileName(command.FolderName);
        var files = command.Files!.Select(f => Declare(folderName, f)).ToList();
        policy.EnsureRoomForNewTask(space);

        // Random ids: the client does not choose them, so no client's file_id can take one in advance.
        var folderTaskId = "folder-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var folder = FolderUpload.Start(
            folderTaskId,
            folderName.Value,
            files,
            i => string.Create(CultureInfo.InvariantCulture, $"{folderTaskId}-{i + 1}"),
            clock.GetUtcNow().UtcDateTime);
        await folders.AddAsync(folder, cancellationToken);
        return new CreateFolderTaskResult(
            folder.FolderTaskId, folder.FolderName, [.. folder.Files.Select(f => f.FileId)], folder.Files.Sum(f => f.FileSize));
    }

    private FolderFile Declare(RelativeFilePath folderName, FolderFileEntry file)
    {
        var path = string.IsNullOrEmpty(file.RelativePath)
            ? RelativeFilePath.Parse($"{folderName.Value}/{file.Name}")
            : RelativeFilePath.Parse(file.RelativePath, PathField.RelativePath);
        policy.EnsureExtensionAllowed(path);
        policy.EnsureFileSizeAllowed(file.Size);
        return new FolderFile(path, FileLayout.Create(file.Size, file.TotalChunks, null));
    }
}
