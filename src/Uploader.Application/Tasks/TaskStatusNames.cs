using FluentValidation;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks;

/// <summary>
/// Task statuses as the contract spells them, in requests and answers alike: lower-case words. The one place
/// their wire names come from (answers, validation messages, the OpenAPI document's enums).
/// </summary>
public static class TaskStatusNames
{
    private static readonly Dictionary<string, UploadTaskStatus> ByName =
        Enum.GetValues<UploadTaskStatus>().ToDictionary(Of, StringComparer.Ordinal);

    private static readonly string Names = string.Join(", ", ByName.Keys);

    /// <summary>Every status's name, in the enum's order.</summary>
    public static IReadOnlyCollection<string> All => ByName.Keys;

    public static string Of(UploadTaskStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The status a validated name stands for; null for no name.</summary>
    public static UploadTaskStatus? Parse(string? name) => name is null ? null : ByName[name];

    public static IRuleBuilderOptions<T, string?> ValidTaskStatus<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(name => name is null || ByName.ContainsKey(name))
            .WithMessage($"'{{PropertyName}}' must be one of {Names}.");
}
