using System.Security.Cryptography;
using Uploader.Api.Configuration;

namespace Uploader.Api.Auth;

/// <summary>
/// Where the key comes from: secret_key in config when set; otherwise a key generated at first start and
/// kept in secret.key beside the database (mode 0600), never written into config.json.
/// </summary>
public static class SecretKeyStore
{
    public const string FileName = "secret.key";

    public static (ApiKey Key, string? GeneratedAt) Resolve(UploaderSettings settings)
    {
        if (!string.IsNullOrEmpty(settings.SecretKey))
        {
            return (new ApiKey(settings.SecretKey), null);
        }

        var folder = Path.GetDirectoryName(settings.Database)!;
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        if (File.Exists(path))
        {
            return (new ApiKey(File.ReadAllText(path).Trim()), path);
        }

        var key = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, options))
        {
            writer.Write(key);
        }

        return (new ApiKey(key), path);
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
