using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Persistence;
using Uploader.Infrastructure.Storage;

namespace Uploader.Api.Tests;

/// <summary>
/// The real server over TestServer, with its own config.json, task store (a SQLite file, or a fresh PostgreSQL database
/// in Uploader.Api.Tests.Postgres: <see cref="TestStore"/>) and folders in a fresh temp folder that is deleted on
/// dispose. The config path reaches the server as the `config` setting (what `--config` sets).
/// </summary>
public sealed class UploaderFactory : WebApplicationFactory<Program>
{
    public const string SecretKey = "api-tests-secret-key-0123456789";

    private readonly TempFolder _folder = new();
    private readonly List<Action<IServiceCollection>> _serviceOverrides = [];

    public UploaderFactory()
        : this(_ => { })
    {
    }

    private UploaderFactory(Action<JsonObject> configure) => ConfigPath = TestConfig.WriteInto(_folder, configure);

    public string Root => _folder.Path;

    public string ConfigPath { get; }

    public string UploadDir => _folder.Combine("upload");

    public string MergedDir => _folder.Combine("merged");

    public string DataDir => _folder.Combine("data");

    /// <summary>A server whose config.json is the test default changed by <paramref name="configure"/>.</summary>
    public static UploaderFactory With(Action<JsonObject> configure) => new(configure);

    /// <summary>
    /// Replaces services of the server after its own registrations (ConfigureTestServices);
    /// takes effect only when called before the first request starts the server.
    /// </summary>
    public UploaderFactory OverrideServices(Action<IServiceCollection> configure)
    {
        _serviceOverrides.Add(configure);
        return this;
    }

    /// <summary>A client that sends the configured key as X-Secret-Key.</summary>
    public UploaderApi CreateApi()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Secret-Key", SecretKey);
        return new UploaderApi(client);
    }

    /// <summary>What the server stored, in its folders or its bucket.</summary>
    public StoredFiles Stored => StoredFiles.Of(ConfigPath);

    /// <summary>The task's id, which names its chunk folder or key prefix.</summary>
    public async Task<Guid> TaskIdAsync(string fileId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UploaderDbContext>();
        return await db.Tasks.Where(t => t.FileId == fileId).Select(t => t.Id).SingleAsync();
    }

    /// <summary>Handles of a task's stored versions of chunk <paramref name="index"/> (<see cref="StoredFiles"/>).</summary>
    public async Task<string[]> StoredChunksAsync(string fileId, int? index = null) => await Stored.ChunksAsync(await TaskIdAsync(fileId), index);

    /// <summary>The folder holding a task's chunk files: upload_dir/{task guid}.</summary>
    public async Task<string> TaskDirectoryAsync(string fileId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UploaderDbContext>();
        var id = await db.Tasks.Where(t => t.FileId == fileId).Select(t => t.Id).SingleAsync();
        return scope.ServiceProvider.GetRequiredService<StorageLayout>().TaskDir(id);
    }

    /// <summary>
    /// Puts a task into a state no single request leaves it in (a merge still running, a merge that failed),
    /// through the server's own repository: loads it with all chunks, applies <paramref name="change"/>, saves it.
    /// </summary>
    public async Task ChangeTaskAsync(string fileId, Action<UploadTask> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var scope = Services.CreateAsyncScope();
        var tasks = scope.ServiceProvider.GetRequiredService<IUploadTaskRepository>();
        var task = await tasks.FindWithAllChunksAsync(fileId, CancellationToken.None);
        change(task!);
        await tasks.SaveAsync(task!, CancellationToken.None);
    }

    /// <summary>The stored chunk files of one index (one per stored version).</summary>
    public async Task<string[]> ChunkFilesAsync(string fileId, int index) =>
        Directory.GetFiles(await TaskDirectoryAsync(fileId), $"{index:D6}.*.chunk");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("config", ConfigPath);
        builder.ConfigureTestServices(services => _serviceOverrides.ForEach(o => o(services)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _folder.Dispose();
        }
    }
}
