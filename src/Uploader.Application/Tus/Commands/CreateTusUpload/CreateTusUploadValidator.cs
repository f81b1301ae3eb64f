using FluentValidation;

namespace Uploader.Application.Tus.Commands.CreateTusUpload;

public sealed class CreateTusUploadValidator : AbstractValidator<CreateTusUploadCommand>
{
    public CreateTusUploadValidator()
    {
        RuleFor(c => c.Length).GreaterThanOrEqualTo(0);
        RuleFor(c => c.Metadata).MaximumLength(CreateTusUploadCommand.MaxMetadataLength);
    }
}
