using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

// Sends `chunks` chunks of `chunk-size` bytes, spread evenly over `tasks` tasks, from `threads` concurrent senders
// (each chunk carries its md5), then merges every task with its expected md5. A 429 is waited out (Retry-After or
// 50 ms) and sent again; its latency counts from the first send to the acknowledgement. Prints one TSV line.
var options = Options.Parse(args);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Threads, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    BaseAddress = new Uri(options.Url.TrimEnd('/') + "/"),
    Timeout = TimeSpan.FromMinutes(5),
};
if (options.Key is { Length: > 0 })
{
    http.DefaultRequestHeaders.Add("X-Secret-Key", options.Key);
}

var perTask = options.Chunks / options.Tasks;
var run = Guid.NewGuid().ToString("N")[..8];
var files = Enumerable.Range(0, options.Tasks).Select(t =>
{
    var bytes = RandomNumberGenerator.GetBytes(perTask * options.ChunkSize);
    var chunkMd5 = Enumerable.Range(0, perTask)
        .Select(i => Convert.ToHexStringLower(MD5.HashData(bytes.AsSpan(i * options.ChunkSize, options.ChunkSize))))
        .ToArray();
    return new TaskFile($"load-{run}-{t}", bytes, chunkMd5, Convert.ToHexStringLower(MD5.HashData(bytes)));
}).ToArray();

// Interleaved: consecutive sends go to different tasks, as many clients uploading at once would.
var work = Enumerable.Range(0, perTask).SelectMany(i => files.Select(f => (File: f, Index: i))).ToArray();
var latencies = new double[work.Length];
var next = -1;
var rejected = 0;
var errors = 0;
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, options.Threads).Select(_ => Task.Run(async () =>
{
    int n;
    while ((n = Interlocked.Increment(ref next)) < work.Length)
    {
        var (file, index) = work[n];
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            using var response = await http.PostAsync("upload_chunk", Form(file, index, perTask, options.ChunkSize));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Interlocked.Increment(ref rejected);
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(50));
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref errors);
                await Console.Error.WriteLineAsync($"{file.FileId} chunk {index}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            break;
        }

        latencies[n] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
})));
var seconds = clock.Elapsed.TotalSeconds;

var merged = 0;
foreach (var file in files)
{
    using var response = await http.PostAsync("merge_chunks", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["file_id"] = file.FileId,
        ["expected_md5"] = file.Md5,
    }));
    var body = await response.Content.ReadAsStringAsync();
    if (response.IsSuccessStatusCode && body.Contains(file.Md5, StringComparison.Ordinal))
    {
        merged++;
    }
    else
    {
        await Console.Error.WriteLineAsync($"merge {file.FileId}: {(int)response.StatusCode} {body}");
    }
}

Array.Sort(latencies);
double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
Console.WriteLine(string.Join('\t',
    (work.Length / seconds).ToString("F1", CultureInfo.InvariantCulture),
    Percentile(0.50).ToString("F1", CultureInfo.InvariantCulture),
    Percentile(0.99).ToString("F1", CultureInfo.InvariantCulture),
    rejected.ToString(CultureInfo.InvariantCulture),
    errors.ToString(CultureInfo.InvariantCulture),
    $"{merged}/{files.Length}",
    seconds.ToString("F2", CultureInfo.InvariantCulture)));
return errors == 0 && merged == files.Length ? 0 : 1;

static MultipartFormDataContent Form(TaskFile file, int index, int totalChunks, int chunkSize)
{
    var chunk = new ByteArrayContent(file.Bytes, index * chunkSize, chunkSize);
    chunk.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
    return new MultipartFormDataContent
    {
        { new StringContent(file.FileId), "file_id" },
        { new StringContent(index.ToString(CultureInfo.InvariantCulture)), "chunk_index" },
        { new StringContent(totalChunks.ToString(CultureInfo.InvariantCulture)), "total_chunks" },
        { new StringContent(file.Bytes.Length.ToString(CultureInfo.InvariantCulture)), "file_size" },
        { new StringContent(chunkSize.ToString(CultureInfo.InvariantCulture)), "chunk_size" },
        { new StringContent(file.ChunkMd5[index]), "md5" },
        { new StringContent($"load/{file.FileId}.bin"), "relative_path" },
        { chunk, "chunk", $"{file.FileId}.part{index}" },
    };
}

internal sealed record TaskFile(string FileId, byte[] Bytes, string[] ChunkMd5, string Md5);

internal sealed record Options(string Url, string? Key, int Tasks, int Chunks, int ChunkSize, int Threads)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var at = Array.IndexOf(args, "--" + name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }

        int Number(string name, int fallback) => int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        var url = Value("url", "");
        if (url.Length == 0)
        {
            throw new ArgumentException("--url http://host:port/go-uploader is required");
        }

        return new Options(url, Value("key", ""), Number("tasks", 16), Number("chunks", 1600), Number("chunk-size", 65536), Number("threads", 64));
    }
}
