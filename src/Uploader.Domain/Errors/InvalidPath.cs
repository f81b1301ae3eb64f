namespace Uploader.Domain.Errors;

public sealed class InvalidPath(PathField field, string reason)
    : DomainException($"The {Describe(field)} is not a safe relative path: {reason}.")
{
    public PathField Field { get; } = field;

    /// <summary>Which path rule the value breaks, as a clause ("it is absolute").</summary>
    public string Reason { get; } = reason;

    private static string Describe(PathField field) => field switch
    {
        PathField.RelativePath => "relative path",
        PathField.FileName => "file name",
        PathField.PartFileName => "chunk's file name",
        PathField.MergedFilePath => "merged file's path",
        _ => field.ToString(),
    };
}

public sealed class InvalidFileLayout(FileLayoutRule rule, string message) : DomainException(message)
{
    public FileLayoutRule Rule { get; } = rule;
}
