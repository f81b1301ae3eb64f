using System.Net.Http.Json;
using System.Text.Json;

namespace Uploader.Api.Tests;

/// <summary>go-uploader's folder routes as calls, and the folder a test uploads through them.</summary>
public static class FolderCalls
{
    public static Task<HttpResponseMessage> CreateFolderAsync(this UploaderApi api, object body) =>
        Http(api).PostAsJsonAsync(new Uri("go-uploader/folder_tasks", UriKind.Relative), body);

    public static Task<HttpResponseMessage> FolderSummaryAsync(this UploaderApi api, string folderTaskId) =>
        Http(api).GetAsync(new Uri($"go-uploader/folder_tasks/{Uri.EscapeDataString(folderTaskId)}/summary", UriKind.Relative));

    public static Task<HttpResponseMessage> FolderSubTasksAsync(this UploaderApi api, string folderTaskId) =>
        Http(api).GetAsync(new Uri($"go-uploader/folder_tasks/{Uri.EscapeDataString(folderTaskId)}/sub_tasks", UriKind.Relative));

    /// <summary>Declares <paramref name="files"/> (keyed by relative path) as go-uploader's page does; answers the created folder.</summary>
    public static async Task<CreatedFolder> CreateFolderAsync(this UploaderApi api, string folderName, IReadOnlyDictionary<string, SourceFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var answer = await api.CreateFolderAsync(new
        {
            folder_name = folderName,
            files = files.Select(f => new { name = f.Value.Name, relative_path = f.Key, size = f.Value.Bytes.Length, total_chunks = f.Value.TotalChunks }),
        }).ExpectOkAsync();
        var ids = answer.GetProperty("sub_tasks").EnumerateArray().Select(e => e.GetString()!).ToList();
        return new CreatedFolder(answer, answer.Str("folder_task_id")!, files.Values.Zip(ids).ToDictionary(p => p.Second, p => p.First));
    }

    /// <summary>Sends every chunk of a folder's file under its sub-task's file_id, as go-uploader's page does (part named blob, chunk_size given).</summary>
    public static Task UploadFolderFileAsync(this UploaderApi api, string fileId, SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Task.WhenAll(file.Indexes.Select(i =>
            api.UploadAsync(file.Request(i) with { FileId = fileId, FileName = null, ChunkSize = file.ChunkSize }).ExpectOkAsync()));
    }

    /// <summary>A folder of two files of two 1 KiB chunks, under <paramref name="stem"/>.</summary>
    public static Task<CreatedFolder> CreateFolderAsync(this FakeClockServer server, string stem)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.Api.CreateFolderAsync(stem, new Dictionary<string, SourceFile>
        {
            [$"{stem}/one.bin"] = SourceFile.Random(2048, 1024),
            [$"{stem}/two.bin"] = SourceFile.Random(2048, 1024),
        });
    }

    private static HttpClient Http(UploaderApi api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api.Http;
    }
}

/// <param name="Files">Each sub-task's file_id with the file it stands for.</param>
public sealed record CreatedFolder(JsonElement Answer, string FolderTaskId, IReadOnlyDictionary<string, SourceFile> Files);
