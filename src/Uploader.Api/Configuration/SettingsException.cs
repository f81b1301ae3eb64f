namespace Uploader.Api.Configuration;

/// <summary>A configuration value that stops the start; the message names the key.</summary>
public sealed class SettingsException(string key, string reason)
    : Exception($"config key '{key}': {reason}")
{
    public string Key { get; } = key;
}
