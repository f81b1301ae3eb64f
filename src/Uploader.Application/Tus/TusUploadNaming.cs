using System.Security.Cryptography;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tus;

/// <summary>A new tus upload's id and the file it lands as: the one rule for every way an upload is created.</summary>
public static class TusUploadNaming
{
    public const string IdPrefix = "tus-";

    /// <summary>The server's id: <c>tus-</c> and 128 random bits.</summary>
    public static string NewUploadId() => IdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Metadata <c>relative_path</c>, else <c>filename</c> at the top of merged_dir, else the upload's id.</summary>
    /// <exception cref="Domain.Errors.InvalidPath">The name breaks the path rules.</exception>
    public static RelativeFilePath TargetOf(string uploadId, string? relativePath, string? fileName) =>
        !string.IsNullOrEmpty(relativePath) ? RelativeFilePath.Parse(relativePath)
        : RelativeFilePath.ParseFileName(string.IsNullOrEmpty(fileName) ? uploadId : fileName);
}
