namespace Uploader.Domain.Tasks;

public enum UploadTaskStatus
{
    Uploading,
    Paused,
    Merging,
    Completed,
    Failed,
}
