using Mediator;
using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Folders.Queries.GetFolderTask;

/// <summary>The folder upload with this id, or null: the task routes ask it first, then read the id as a file_id.</summary>
public sealed record GetFolderTaskQuery(string FolderTaskId) : IQuery<FolderView?>;
