namespace Uploader.Client;

/// <summary>Where an upload of one file is.</summary>
public enum UploadPhase
{
    Hashing,
    Uploading,
    Merging,
    Completed,

    /// <summary>
    /// The server gave no answer (refused, dropped or timed out); the upload tries again after
    /// <see cref="UploadProgress.NextAttemptIn"/>, its <see cref="UploadProgress.ReconnectAttempt"/>-th try since the
    /// server was last heard from.
    /// </summary>
    Reconnecting,
}
