using Mediator;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Tasks.Queries.GetUploadStatus;

public sealed class GetUploadStatusHandler(IUploadTaskReader reader) : IQueryHandler<GetUploadStatusQuery, UploadStatusView>
{
    public async ValueTask<UploadStatusView> Handle(GetUploadStatusQuery query, CancellationToken cancellationToken) =>
        await reader.GetStatusAsync(query.FileId!, cancellationToken) ?? throw new TaskNotFound(query.FileId!);
}
