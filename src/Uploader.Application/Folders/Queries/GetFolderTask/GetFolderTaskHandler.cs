using Mediator;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Folders.Queries.GetFolderTask;

public sealed class GetFolderTaskHandler(IUploadTaskReader reader) : IQueryHandler<GetFolderTaskQuery, FolderView?>
{
    public ValueTask<FolderView?> Handle(GetFolderTaskQuery query, CancellationToken cancellationToken) =>
        new(reader.GetFolderAsync(query.FolderTaskId, cancellationToken));
}
