using FluentValidation;

namespace Uploader.Application.Tasks;

/// <summary>The contract's rule for a client-chosen file_id: 1-200 characters, no control characters.</summary>
public static class FileIdRules
{
    public const int MaxLength = 200;

    public static IRuleBuilderOptions<T, string?> ValidFileId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty()
            .MaximumLength(MaxLength)
            .Must(id => id is null || !id.Any(char.IsControl)).WithMessage("'{PropertyName}' must not contain control characters.");

    public static IRuleBuilderOptions<T, string?> Md5Hex<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(md5 => md5 is null || (md5.Length == 32 && md5.All(char.IsAsciiHexDigit)))
            .WithMessage("'{PropertyName}' must be 32 hexadecimal digits.");
}
