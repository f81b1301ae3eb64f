using Mediator;
using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Tasks.Queries.GetTaskDetail;

public sealed record GetTaskDetailQuery(string FileId) : IQuery<TaskDetailView>;
