using System.Text.Json.Nodes;

namespace Uploader.Api.Tests;

/// <summary>A server with small limits: 64 KiB chunks, 1 MiB files, only .txt files.</summary>
public sealed class LimitedServer : IDisposable
{
    public const int MaxChunkSize = 64 * 1024;
    public const int MaxFileSize = 1024 * 1024;

    public UploaderFactory Factory { get; } = UploaderFactory.With(config =>
    {
        config["max_chunk_size"] = MaxChunkSize;
        config["max_file_size"] = MaxFileSize;
        config["allowed_extensions"] = new JsonArray(".txt");
    });

    public void Dispose() => Factory.Dispose();
}
