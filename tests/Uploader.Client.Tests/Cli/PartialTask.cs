using System.Globalization;
using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests.Cli;

/// <summary>A task with chunk 0 of 2 stored, made with one raw upload_chunk request, for the task commands to act on.</summary>
internal static class PartialTask
{
    public static async Task CreateAsync(KestrelUploaderServer server, string fileId)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var form = new MultipartFormDataContent
        {
            { new StringContent(fileId), "file_id" },
            { new StringContent("0"), "chunk_index" },
            { new StringContent("2"), "total_chunks" },
            { new StringContent(8.ToString(CultureInfo.InvariantCulture)), "file_size" },
            { new StringContent($"partial/{fileId}.bin"), "relative_path" },
            { new ByteArrayContent("abcd"u8.ToArray()), "chunk", "part" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "go-uploader/upload_chunk") { Content = form };
        request.Headers.Add("X-Secret-Key", KestrelUploaderServer.SecretKey);
        using var answer = await http.SendAsync(request);
        answer.EnsureSuccessStatusCode();
    }
}
