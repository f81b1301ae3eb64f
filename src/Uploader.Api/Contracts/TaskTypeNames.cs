namespace Uploader.Api.Contracts;

/// <summary>
/// The wire words of <c>task_type</c>, go-uploader's name for what a task row is: a single file, or a folder upload
/// owning file tasks (contract, v2 additions).
/// </summary>
public static class TaskTypeNames
{
    public const string File = "file";

    public const string Folder = "folder";
}
