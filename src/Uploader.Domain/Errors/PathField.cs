namespace Uploader.Domain.Errors;

/// <summary>Which named path a <see cref="Tasks.RelativeFilePath"/> was parsed from, so a refusal can say so.</summary>
public enum PathField
{
    /// <summary>The target below the merged folder a client asked for.</summary>
    RelativePath,

    /// <summary>A bare file name a client gave instead of a relative path.</summary>
    FileName,

    /// <summary>The file name of the chunk's part, the last fallback for a target.</summary>
    PartFileName,

    /// <summary>The path a completed task recorded for its merged file.</summary>
    MergedFilePath,
}
