namespace Uploader.Domain.Tasks;

public enum ChunkStatus
{
    /// <summary>Fully stored and recorded; its bytes matched <see cref="ChunkState.Md5"/> when written.</summary>
    Uploaded,

    /// <summary>Found not to match its recorded md5 any more; counts as missing until sent again.</summary>
    Corrupt,
}
