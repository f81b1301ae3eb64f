using System.Net.Http.Headers;
using System.Text;

namespace Uploader.Api.Tests;

/// <summary>tus requests as a tus client sends them (Tus-Resumable 1.0.0 on each), for the tests of /go-uploader/tus/.</summary>
internal static class TusCalls
{
    public const string Endpoint = "go-uploader/tus/";
    public const string OffsetStream = "application/offset+octet-stream";

    public static HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("Tus-Resumable", "1.0.0");
        return request;
    }

    public static string Metadata(params (string Key, string Value)[] pairs) =>
        string.Join(',', pairs.Select(p => $"{p.Key} {Convert.ToBase64String(Encoding.UTF8.GetBytes(p.Value))}"));

    /// <summary>POST: a new upload of <paramref name="length"/> bytes; returns its path (the Location).</summary>
    public static async Task<string> CreateAsync(this HttpClient http, long length, string? metadata = null)
    {
        using var request = Request(HttpMethod.Post, Endpoint);
        request.Headers.Add("Upload-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (metadata is not null)
        {
            request.Headers.Add("Upload-Metadata", metadata);
        }

        using var response = await http.SendAsync(request);
        Assert.True((int)response.StatusCode == 201, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.OriginalString.TrimStart('/');
    }

    public static Task<HttpResponseMessage> PatchAsync(this HttpClient http, string upload, long offset, byte[] bytes, string? checksum = null, string contentType = OffsetStream)
    {
        var request = Request(HttpMethod.Patch, upload);
        request.Headers.Add("Upload-Offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (checksum is not null)
        {
            request.Headers.Add("Upload-Checksum", checksum);
        }

        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return http.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> HeadAsync(this HttpClient http, string upload)
    {
        using var request = Request(HttpMethod.Head, upload);
        return await http.SendAsync(request);
    }

    public static async Task<long> OffsetAsync(this HttpClient http, string upload)
    {
        using var response = await http.HeadAsync(upload);
        Assert.Equal(200, (int)response.StatusCode);
        return long.Parse(Header(response, "Upload-Offset"), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content)
        : throw new Xunit.Sdk.XunitException($"no {name} header in {(int)response.StatusCode}: {response.Headers}");

    public static string IdOf(string upload) => upload[(upload.LastIndexOf('/') + 1)..];

    /// <summary>The task of a tus upload once completed (its merge runs in the background).</summary>
    public static async Task<System.Text.Json.JsonElement> WaitForCompletedAsync(this UploaderApi api, string fileId)
    {
        for (var i = 0; i < 200; i++)
        {
            var task = await api.Http.GetAsync(new Uri($"go-uploader/tasks/{fileId}", UriKind.Relative)).ExpectOkAsync();
            if (task.Str("status") == "completed")
            {
                return task;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"{fileId} did not complete");
    }
}
