using FluentValidation;
using Uploader.Application.Tasks;

namespace Uploader.Application.Folders.Queries.GetFolderTask;

public sealed class GetFolderTaskValidator : AbstractValidator<GetFolderTaskQuery>
{
    public GetFolderTaskValidator() => RuleFor(q => q.FolderTaskId).ValidFileId();
}
