using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Uploader.Api.Tests;

/// <summary>
/// Scenario 7 of issue 4, randomized: a seeded generator throws malformed requests at upload_chunk, merge_chunks,
/// upload_status and the task endpoints (random field sets and values, corrupted multipart framing, random content
/// types). No answer may be a 5xx, every 4xx must be a problem+json with a code, and the server must still be ready.
/// The seed is printed; set UPLOADER_FUZZ_SEED to replay a run.
/// </summary>
public sealed class MalformedRequestFuzzTests(ITestOutputHelper output)
{
    private const int Requests = 2500;
    private const int Workers = 4;

    private static readonly string[] Fields =
        ["file_id", "chunk_index", "total_chunks", "file_size", "md5", "chunk_size", "filename", "relative_path", "expected_md5", "on_conflict", "x"];

    private static readonly string[] ContentTypes =
    [
        "multipart/form-data; boundary={b}", "multipart/form-data", "multipart/form-data; boundary=\"{b}\"", "multipart/mixed; boundary={b}",
        "application/json", "text/plain", "application/x-www-form-urlencoded", "application/octet-stream", "multipart/form-data; boundary=",
        "multipart/form-data; boundary={b}; charset=utf-7", "ä/ö", string.Empty,
    ];

    [Fact]
    public async Task Thousands_of_malformed_requests_get_no_5xx_and_leave_the_server_ready()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("UPLOADER_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s)
            ? s
            : Random.Shared.Next();
        output.WriteLine($"fuzz seed {seed} (replay with UPLOADER_FUZZ_SEED={seed}), {Requests} requests");

        await using var server = new UploaderFactory();
        using var api = server.CreateApi();
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var clock = Stopwatch.StartNew();
        var next = -1;

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Requests)
            {
                var random = new Random(HashCode.Combine(seed, i));
                using var request = Generate(random);
                var described = $"#{i} {request.Method} {request.RequestUri}";
                using var answer = await api.Http.SendAsync(request);
                var status = (int)answer.StatusCode;
                var problem = Check(answer, await answer.Content.ReadAsStringAsync());
                lock (failures)
                {
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    if (problem is not null)
                    {
                        failures.Add($"{described}: {problem}");
                    }
                }
            }
        }));

        output.WriteLine($"{Requests} requests in {clock.Elapsed.TotalSeconds:F1} s; statuses: "
            + string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}")));
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} bad answers\n" + string.Join("\n", failures.Take(20)));
        await api.Http.GetAsync(new System.Uri("go-uploader/health/ready", UriKind.Relative)).ExpectOkAsync();
        Assert.Equal(
            TestStore.ServerFolderEntries,
            Directory.GetFileSystemEntries(server.Root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>Found by the fuzzer (seed 2, #280): form keys MVC's jQuery form binding rejects made merge_chunks answer 500.</summary>
    [Theory]
    [InlineData("go-uploader/merge_chunks")]
    [InlineData("go-uploader/tasks/x/pause")]
    [InlineData("go-uploader/tasks/cleanup")]
    public async Task A_form_with_keys_MVC_cannot_bind_is_no_server_error(string path)
    {
        await using var server = new UploaderFactory();
        using var api = server.CreateApi();
        using var form = new StringContent("a[b]=1&a.b=2&a[=3&file_id=x&]=4&[[=5", Encoding.UTF8, "application/x-www-form-urlencoded");

        using var answer = await api.Http.PostAsync(Rel(path), form);

        Assert.Null(Check(answer, await answer.Content.ReadAsStringAsync()));
    }

    /// <summary>
    /// Found by the fuzzer (seed 1220016947, #93; it depends on how the body is split into reads): a boundary
    /// inside a part followed by more than 100 characters on its line made the multipart reader throw
    /// InvalidDataException while a field was read, answered 500.
    /// </summary>
    [Theory]
    [InlineData("file_id")]
    [InlineData("chunk")]
    public async Task A_boundary_line_longer_than_the_reader_allows_inside_a_part_is_a_400(string part)
    {
        await using var server = new UploaderFactory();
        using var api = server.CreateApi();
        const string boundary = "fuzz-boundary";
        var disposition = part == "chunk" ? "form-data; name=\"chunk\"; filename=\"c.bin\"" : $"form-data; name=\"{part}\"";
        var body = $"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\nabc\r\n--{boundary}{new string('x', 200)}\r\n--{boundary}--\r\n";
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");

        await api.Http.PostAsync(Rel("go-uploader/upload_chunk"), content).ExpectProblemAsync(400, "validation_failed");
    }

    private static string? Check(HttpResponseMessage answer, string body)
    {
        var status = (int)answer.StatusCode;
        if (status >= 500)
        {
            return $"{status}: {body}";
        }

        if (status < 400)
        {
            return null;
        }

        if (answer.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} as {answer.Content.Headers.ContentType}: {body}";
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("code", out var code) && code.GetString() is { Length: > 0 }
                ? null
                : $"{status} without a code: {body}";
        }
        catch (JsonException)
        {
            return $"{status} with a body that is not JSON: {body}";
        }
    }

    private static HttpRequestMessage Generate(Random random) => random.Next(10) switch
    {
        < 6 => Post(random, "go-uploader/upload_chunk"),
        < 8 => Post(random, "go-uploader/merge_chunks"),
        8 => new HttpRequestMessage(HttpMethod.Get, Rel($"go-uploader/upload_status?{Query(random, "file_id")}")),
        _ => TaskCall(random),
    };

    private static HttpRequestMessage TaskCall(Random random)
    {
        // No NUL in the path: TestServer's client throws on it before anything is sent (Kestrel answers 400).
        var id = Uri.EscapeDataString(Value(random).Replace("\0", string.Empty, StringComparison.Ordinal));
        return random.Next(6) switch
        {
            0 => new HttpRequestMessage(HttpMethod.Get, Rel($"go-uploader/tasks?{Query(random, "status")}&{Query(random, "page")}&{Query(random, "page_size")}")),
            1 => new HttpRequestMessage(HttpMethod.Get, Rel($"go-uploader/tasks/{id}")),
            2 => new HttpRequestMessage(HttpMethod.Post, Rel($"go-uploader/tasks/{id}/{(random.Next(2) == 0 ? "pause" : "resume")}")),
            3 => new HttpRequestMessage(HttpMethod.Delete, Rel($"go-uploader/tasks/{id}?{Query(random, "delete_file")}")),
            4 => new HttpRequestMessage(HttpMethod.Post, Rel($"go-uploader/tasks/cleanup?{Query(random, "status")}&{Query(random, "older_than")}")),
            _ => Post(random, "go-uploader/tasks/batch"),
        };
    }

    private static HttpRequestMessage Post(Random random, string path)
    {
        var boundary = random.Next(8) == 0 ? Value(random) : $"b{random.Next():x}";
        var bytes = random.Next(4) switch
        {
            0 => Json(random),
            1 => Encoding.UTF8.GetBytes(string.Join('&', RandomFields(random).Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value)}"))),
            _ => Multipart(random, boundary),
        };
        var content = new ByteArrayContent(bytes);
        var type = random.Next(5) == 0 ? ContentTypes[random.Next(ContentTypes.Length)] : ContentTypes[0];
        content.Headers.TryAddWithoutValidation("Content-Type", type.Replace("{b}", boundary, StringComparison.Ordinal));
        return new HttpRequestMessage(HttpMethod.Post, Rel(path)) { Content = content };
    }

    private static byte[] Multipart(Random random, string boundary)
    {
        var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        foreach (var (name, value) in RandomFields(random))
        {
            Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        }

        for (var files = random.Next(3); files > 0; files--)
        {
            var name = random.Next(5) == 0 ? Value(random) : "chunk";
            Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{Value(random)}\"\r\n");
            if (random.Next(2) == 0)
            {
                Write("Content-Type: application/octet-stream\r\n");
            }

            Write("\r\n");
            var data = new byte[random.Next(4) == 0 ? random.Next(20_000) : random.Next(64)];
            random.NextBytes(data);
            body.Write(data);
            Write("\r\n");
        }

        if (random.Next(4) != 0)
        {
            Write($"--{boundary}--\r\n");
        }

        var bytes = body.ToArray();
        return random.Next(5) switch
        {
            0 => bytes[..random.Next(bytes.Length + 1)],
            1 => Corrupt(random, bytes),
            _ => bytes,
        };
    }

    private static byte[] Corrupt(Random random, byte[] bytes)
    {
        for (var n = random.Next(1, 6); n > 0 && bytes.Length > 0; n--)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }

    private static byte[] Json(Random random)
    {
        if (random.Next(4) == 0)
        {
            var junk = Encoding.UTF8.GetBytes($"{{\"file_id\": {Value(random)}, [");
            return junk[..random.Next(junk.Length + 1)];
        }

        var fields = RandomFields(random).Select(f => $"{JsonSerializer.Serialize(f.Name)}:{JsonValue(random, f.Value)}");
        var extra = random.Next(3) == 0 ? $",\"action\":{JsonSerializer.Serialize(Value(random))},\"file_ids\":[{JsonSerializer.Serialize(Value(random))}]" : string.Empty;
        return Encoding.UTF8.GetBytes("{" + string.Join(',', fields) + extra + "}");
    }

    private static string JsonValue(Random random, string value) => random.Next(5) switch
    {
        0 => value.Length > 0 && value.All(char.IsAsciiDigit) ? value : "123",
        1 => random.Next(2) == 0 ? "null" : "[1,{}]",
        2 => "1e400",
        _ => JsonSerializer.Serialize(value),
    };

    private static IEnumerable<(string Name, string Value)> RandomFields(Random random)
    {
        foreach (var field in Fields)
        {
            if (random.Next(3) != 0)
            {
                yield return (random.Next(30) == 0 ? Value(random) : field, Value(random));
            }
        }

        if (random.Next(10) == 0)
        {
            yield return ("file_id", Value(random));
        }
    }

    private static string Query(Random random, string name) =>
        random.Next(6) == 0 ? string.Empty : $"{name}={Uri.EscapeDataString(Value(random).Replace("\0", string.Empty, StringComparison.Ordinal))}";

    private static string Value(Random random) => random.Next(16) switch
    {
        0 => string.Empty,
        1 => "-1",
        2 => "99999999999999999999",
        3 => random.Next(4).ToString(CultureInfo.InvariantCulture),
        4 => "../../x",
        5 => "/etc/passwd",
        6 => new string('a', random.Next(190, 9000)),
        7 => "\0\n\r\t\u007f",
        8 => "\u2215\uFF0F\u29F8 ñ 🚀 \uD800",
        9 => "fuzz-task-" + random.Next(5).ToString(CultureInfo.InvariantCulture),
        10 => "0123456789abcdef0123456789abcdef",
        11 => "1.5",
        12 => "C:\\x\\CON",
        13 => long.MaxValue.ToString(CultureInfo.InvariantCulture),
        14 => string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (char)random.Next(0, 0x3000))),
        _ => "\"';<script>%00%2e%2e%2f",
    };

    private static Uri Rel(string path) => new(path, UriKind.Relative);
}
