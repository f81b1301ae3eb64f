namespace Uploader.Domain.Errors;

public sealed class InvalidPath(string field, string reason)
    : DomainException($"{field} is not a safe relative path: {reason}.")
{
    public string Field { get; } = field;
}

public sealed class InvalidFileLayout(FileLayoutRule rule, string message) : DomainException(message)
{
    public FileLayoutRule Rule { get; } = rule;
}
