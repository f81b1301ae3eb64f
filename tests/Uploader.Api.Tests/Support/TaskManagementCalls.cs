using System.Net.Http.Json;
using System.Text.Json;

namespace Uploader.Api.Tests;

/// <summary>The task management endpoints as calls; answers are returned unread so tests can assert any status.</summary>
public static class TaskManagementCalls
{
    public static Task<HttpResponseMessage> ListTasksAsync(this UploaderApi api, string query = "") =>
        Api(api).GetAsync(Relative($"go-uploader/tasks{query}"));

    public static Task<HttpResponseMessage> TaskAsync(this UploaderApi api, string fileId) =>
        Api(api).GetAsync(Relative($"go-uploader/tasks/{Uri.EscapeDataString(fileId)}"));

    public static Task<HttpResponseMessage> DeleteTaskAsync(this UploaderApi api, string fileId, string query = "") =>
        Api(api).DeleteAsync(Relative($"go-uploader/tasks/{Uri.EscapeDataString(fileId)}{query}"));

    public static Task<HttpResponseMessage> CleanupAsync(this UploaderApi api, string query = "") =>
        Api(api).PostAsync(Relative($"go-uploader/tasks/cleanup{query}"), null);

    public static Task<HttpResponseMessage> BatchAsync(this UploaderApi api, object body) =>
        Api(api).PostAsJsonAsync(Relative("go-uploader/tasks/batch"), body);

    public static Task<HttpResponseMessage> FailedTasksAsync(this UploaderApi api) =>
        Api(api).GetAsync(Relative("go-uploader/tasks/failed"));

    public static Task<HttpResponseMessage> ResumeAllFailedAsync(this UploaderApi api) =>
        Api(api).PostAsync(Relative("go-uploader/tasks/resume_all_failed"), null);

    /// <summary>The batch endpoint with a raw JSON body, for bodies no typed object can express.</summary>
    public static async Task<HttpResponseMessage> BatchJsonAsync(this UploaderApi api, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return await Api(api).PostAsync(Relative("go-uploader/tasks/batch"), content);
    }

    /// <summary>The status of a task, or null when the server no longer knows it.</summary>
    public static async Task<string?> TaskStatusAsync(this UploaderApi api, string fileId)
    {
        using var response = await api.StatusAsync(fileId);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("status").GetString();
    }

    /// <summary>The field names of a JSON object, sorted, to compare an answer's shape with the contract.</summary>
    public static string[] FieldNames(this JsonElement json) =>
        [.. json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private static HttpClient Api(UploaderApi api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api.Http;
    }

    private static Uri Relative(string path) => new(path, UriKind.Relative);
}
