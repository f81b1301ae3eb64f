namespace Uploader.Client;

/// <summary>Where an upload of one file is.</summary>
public enum UploadPhase
{
    Hashing,
    Uploading,
    Merging,
    Completed,
}
