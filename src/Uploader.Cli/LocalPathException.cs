namespace Uploader.Cli;

/// <summary>A path given on the command line that cannot be uploaded; found before anything is sent.</summary>
internal sealed class LocalPathException(string path, string problem) : Exception($"{problem}: {path}")
{
    public string Path { get; } = path;
}
