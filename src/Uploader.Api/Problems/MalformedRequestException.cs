namespace Uploader.Api.Problems;

/// <summary>The HTTP request itself is unusable (not multipart, a broken body, a field given twice).</summary>
public sealed class MalformedRequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
