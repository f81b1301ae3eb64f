using Mediator;
using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Tasks.Queries.GetUploadStatus;

public sealed record GetUploadStatusQuery(string? FileId) : IQuery<UploadStatusView>;
