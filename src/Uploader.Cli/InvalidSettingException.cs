namespace Uploader.Cli;

/// <summary>A setting from the environment that the parser could not check, such as a malformed UPLOADER_SERVER.</summary>
internal sealed class InvalidSettingException(string message) : Exception(message);
