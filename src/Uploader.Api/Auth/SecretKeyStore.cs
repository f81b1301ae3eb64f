using System.Security.Cryptography;
using System.Text;
using Uploader.Api.Configuration;
using Uploader.Infrastructure;
using Uploader.Infrastructure.Storage;

namespace Uploader.Api.Auth;

/// <summary>
/// Where the key comes from: secret_key in config when set; otherwise a key generated at first start and
/// kept in secret.key beside the database (mode 0600, folder 0750), never written into config.json; with PostgreSQL,
/// which has no file to stand beside, in the folder the SQLite default would use (./data beside config.json). A key
/// from either source that <see cref="ApiKey.Weakness"/> refuses stops the start.
/// </summary>
public static class SecretKeyStore
{
    public const string FileName = "secret.key";
    private const string SettingKey = "secret_key";

    public static (ApiKey Key, string? GeneratedAt) Resolve(UploaderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.SecretKey.Length > 0)
        {
            return (Checked(settings.SecretKey, "the key it sets (in config.json or UPLOADER_SECRET_KEY)"), null);
        }

        var folder = Path.GetDirectoryName(settings.DatabaseProvider == DatabaseProvider.Sqlite
            ? settings.Database
            : Path.GetFullPath(new UploaderSettings().Database, Path.GetDirectoryName(settings.ConfigPath)!))!;
        CreatedFiles.Folder(folder);

        var path = Path.Combine(folder, FileName);
        if (File.Exists(path))
        {
            return (Checked(WithoutLineEnd(File.ReadAllText(path)), $"is empty, so the key comes from {path}, and that key"), path);
        }

        var key = Base64Url(RandomNumberGenerator.GetBytes(32));
        DurableFile.WriteNew(path, Encoding.UTF8.GetBytes(key), CreatedFiles.PrivateMode);
        return (new ApiKey(key), path);
    }

    /// <summary>The message names where the key came from, never the key.</summary>
    private static ApiKey Checked(string key, string source) =>
        ApiKey.Weakness(key) is { } weakness ? throw new SettingsException(SettingKey, $"{source} {weakness}") : new ApiKey(key);

    /// <summary>What `echo key > secret.key` adds, and nothing else: other bytes are the operator's key.</summary>
    private static string WithoutLineEnd(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2]
        : text.EndsWith('\n') ? text[..^1]
        : text;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
