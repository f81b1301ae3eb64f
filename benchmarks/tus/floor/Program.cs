// dotnet TusFloor.dll PORT DIRECTORY [--fsync-mib N] [--md5] [--chunk-md5-mib N]
//   --fsync-mib N      fsync the file every N MiB of it (the offset a crash may report), and at the end of a PATCH
//   --md5              one md5 of the whole file, carried across the PATCHes (bytes arrive in order)
//   --chunk-md5-mib N  also an md5 of every N MiB of the file (a per-chunk record: a second md5 pass over each byte)
// Endpoint http://127.0.0.1:PORT/files/; upload state in memory only, no resumption of a cut PATCH (a benchmark
// fixture, not a server). Prints one JSON line when it listens.
using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipelines;
using System.Security.Cryptography;

var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var directory = args[1];
long fsyncEvery = 0, chunkMd5Every = 0;
var fileMd5 = false;
for (var i = 2; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--fsync-mib": fsyncEvery = long.Parse(args[++i], CultureInfo.InvariantCulture) << 20; break;
        case "--md5": fileMd5 = true; break;
        case "--chunk-md5-mib": chunkMd5Every = long.Parse(args[++i], CultureInfo.InvariantCulture) << 20; break;
        default: throw new ArgumentException($"unknown option {args[i]}");
    }
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k =>
{
    k.ListenLocalhost(port);
    k.Limits.MaxRequestBodySize = null;
    k.Limits.MinRequestBodyDataRate = null;
});
var app = builder.Build();
var uploads = new ConcurrentDictionary<string, Upload>();

app.MapMethods("/files", ["POST"], (HttpContext http) =>
{
    var id = Guid.NewGuid().ToString("N");
    var length = long.Parse(http.Request.Headers["Upload-Length"]!, CultureInfo.InvariantCulture);
    uploads[id] = new Upload(Path.Combine(directory, id), length, fileMd5, chunkMd5Every);
    http.Response.Headers["Tus-Resumable"] = "1.0.0";
    http.Response.Headers.Location = $"/files/{id}";
    return Results.StatusCode(201);
});

app.MapMethods("/files/{id}", ["HEAD"], (HttpContext http, string id) =>
{
    var upload = uploads[id];
    http.Response.Headers["Tus-Resumable"] = "1.0.0";
    http.Response.Headers["Upload-Offset"] = upload.Durable.ToString(CultureInfo.InvariantCulture);
    http.Response.Headers["Upload-Length"] = upload.Length.ToString(CultureInfo.InvariantCulture);
    http.Response.Headers.CacheControl = "no-store";
    return Results.Ok();
});

app.MapMethods("/files/{id}", ["PATCH"], async (HttpContext http, string id) =>
{
    var upload = uploads[id];
    var offset = long.Parse(http.Request.Headers["Upload-Offset"]!, CultureInfo.InvariantCulture);
    if (offset != upload.Durable)
    {
        return Results.StatusCode(409);
    }

    await upload.AppendAsync(http.Request.BodyReader, fsyncEvery);
    http.Response.Headers["Tus-Resumable"] = "1.0.0";
    http.Response.Headers["Upload-Offset"] = upload.Durable.ToString(CultureInfo.InvariantCulture);
    return Results.NoContent();
});

app.MapGet("/files/{id}/md5", (string id) => Results.Text(uploads[id].FileMd5 ?? ""));

await app.StartAsync();
Console.WriteLine($"{{\"listening\":\"http://127.0.0.1:{port}/files/\"}}");
await app.WaitForShutdownAsync();

internal sealed class Upload(string path, long length, bool fileMd5, long chunkMd5Every)
{
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _file =
        File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, FileOptions.None, length);
    private readonly IncrementalHash? _md5 = fileMd5 ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
    private readonly IncrementalHash? _chunkMd5 = chunkMd5Every > 0 ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
    private readonly List<string> _chunkMd5s = [];
    private long _written;

    public long Length { get; } = length;

    public long Durable { get; private set; }

    public string? FileMd5 { get; private set; }

    /// <remarks>The body's segments (4 KiB blocks of Kestrel's pool) are gathered into 1 MiB blocks before each is
    /// written and hashed, as Uploader's staging does: a write and a hash call per 4 KiB cost more than the copy.</remarks>
    public async Task AppendAsync(PipeReader body, long fsyncEvery)
    {
        var block = ArrayPool<byte>.Shared.Rent(1 << 20);
        var filled = 0;
        try
        {
            while (true)
            {
                var result = await body.ReadAsync();
                foreach (var segment in result.Buffer)
                {
                    var rest = segment;
                    while (!rest.IsEmpty)
                    {
                        var take = Math.Min(rest.Length, block.Length - filled);
                        rest.Span[..take].CopyTo(block.AsSpan(filled));
                        filled += take;
                        rest = rest[take..];
                        if (filled == block.Length)
                        {
                            await WriteAsync(block.AsMemory(0, filled), fsyncEvery);
                            filled = 0;
                        }
                    }
                }

                body.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            await WriteAsync(block.AsMemory(0, filled), fsyncEvery);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }

        if (fsyncEvery > 0)
        {
            RandomAccess.FlushToDisk(_file);
        }

        Durable = _written;
        if (_written == Length && _md5 is not null)
        {
            FileMd5 = Convert.ToHexStringLower(_md5.GetHashAndReset());
        }
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, long fsyncEvery)
    {
        await RandomAccess.WriteAsync(_file, bytes, _written);
        Hash(bytes.Span);
        _written += bytes.Length;
        if (fsyncEvery > 0 && _written - Durable >= fsyncEvery)
        {
            RandomAccess.FlushToDisk(_file);
            Durable = _written;
        }
    }

    private void Hash(ReadOnlySpan<byte> bytes)
    {
        _md5?.AppendData(bytes);
        if (_chunkMd5 is null)
        {
            return;
        }

        var position = _written;
        while (!bytes.IsEmpty)
        {
            var left = (int)Math.Min(bytes.Length, chunkMd5Every - (position % chunkMd5Every));
            _chunkMd5.AppendData(bytes[..left]);
            bytes = bytes[left..];
            position += left;
            if (position % chunkMd5Every == 0 || position == Length)
            {
                _chunkMd5s.Add(Convert.ToHexStringLower(_chunkMd5.GetHashAndReset()));
            }
        }
    }
}
