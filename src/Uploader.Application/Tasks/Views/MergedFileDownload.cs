namespace Uploader.Application.Tasks.Views;

/// <summary>
/// A completed task's merged file: open for reading (whoever sends <see cref="Content"/> disposes it), or, with presigned
/// downloads, a short-lived <see cref="Link"/> to fetch it from the store.
/// </summary>
/// <param name="FileName">The task's file name (not the stored one, which a rename on conflict may have changed).</param>
/// <param name="Size">The file's length in bytes.</param>
/// <param name="Md5">Lower-case hex md5 of the whole file, as computed at the merge.</param>
/// <param name="Content">Seekable, positioned at the start; null when <see cref="Link"/> is set.</param>
public sealed record MergedFileDownload(string FileName, long Size, string Md5, Stream? Content, Uri? Link = null);
