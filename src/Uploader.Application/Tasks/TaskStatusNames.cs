using FluentValidation;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks;

/// <summary>Task statuses as the contract spells them in requests: lower-case words.</summary>
internal static class TaskStatusNames
{
    private static readonly Dictionary<string, UploadTaskStatus> ByName =
        Enum.GetValues<UploadTaskStatus>().ToDictionary(s => s.ToString().ToLowerInvariant(), StringComparer.Ordinal);

    private static readonly string Names = string.Join(", ", ByName.Keys);

    /// <summary>The status a validated name stands for; null for no name.</summary>
    public static UploadTaskStatus? Parse(string? name) => name is null ? null : ByName[name];

    public static IRuleBuilderOptions<T, string?> ValidTaskStatus<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(name => name is null || ByName.ContainsKey(name))
            .WithMessage($"'{{PropertyName}}' must be one of {Names}.");
}
