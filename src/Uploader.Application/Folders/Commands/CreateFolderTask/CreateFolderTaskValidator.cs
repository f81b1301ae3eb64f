using FluentValidation;
using Uploader.Application.Policies;

namespace Uploader.Application.Folders.Commands.CreateFolderTask;

public sealed class CreateFolderTaskValidator : AbstractValidator<CreateFolderTaskCommand>
{
    /// <summary>Files one folder may declare: what one request of go-uploader's page sends for a large tree.</summary>
    public const int MaxFiles = 10_000;

    public CreateFolderTaskValidator(UploadPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        RuleFor(c => c.FolderName).NotEmpty();
        RuleFor(c => c.Files).NotEmpty();
        RuleFor(c => c.Files!.Count).LessThanOrEqualTo(MaxFiles).When(c => c.Files is not null);
        RuleForEach(c => c.Files).ChildRules(file =>
        {
            file.RuleFor(f => f.Name).NotEmpty().When(f => string.IsNullOrEmpty(f.RelativePath));
            file.RuleFor(f => f.Size).GreaterThanOrEqualTo(0);
            file.RuleFor(f => f.TotalChunks).InclusiveBetween(1, policy.MaxChunks);
        });
    }
}
