using FluentValidation;
using Uploader.Application.Tus.Commands.CreateTusUpload;

namespace Uploader.Application.Tus.Commands.ConcatenateTusUploads;

public sealed class ConcatenateTusUploadsValidator : AbstractValidator<ConcatenateTusUploadsCommand>
{
    public ConcatenateTusUploadsValidator()
    {
        RuleFor(c => c.PartIds).NotEmpty().Must(p => p.Count <= ConcatenateTusUploadsCommand.MaxParts)
            .WithMessage($"A final upload takes at most {ConcatenateTusUploadsCommand.MaxParts} partial uploads.");
        RuleFor(c => c.Metadata).MaximumLength(CreateTusUploadCommand.MaxMetadataLength);
    }
}
