using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Application.Storage;
using Uploader.Application.Tasks.Commands.UploadChunk;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

/// <summary>
/// The ports of <see cref="UploadChunkHandler"/> as mocks. Every storage and store effect is appended to
/// <see cref="Effects"/> ("commit", "save", "delete {location}") so tests can assert what happened and in which order.
/// </summary>
internal sealed class UploadChunkScenario
{
    public const string NewLocation = "chunk-0-v2";

    private readonly Queue<UploadTask?> _loads = new();
    private readonly Queue<Exception> _saveFailures = new();

    public UploadChunkScenario()
    {
        Tasks.Setup(t => t.FindWithChunkAsync(SampleTasks.FileId, It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => _loads.Count > 1 ? _loads.Dequeue() : _loads.FirstOrDefault());
        Tasks.Setup(t => t.AddOrGetAsync(It.IsAny<UploadTask>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((UploadTask created, CancellationToken _) => created);
        Tasks.Setup(t => t.SaveChunksAsync(It.IsAny<UploadTask>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                Effects.Add("save");
                return _saveFailures.TryDequeue(out var error) ? Task.FromException(error) : Task.CompletedTask;
            });
        Storage.Setup(s => s.DeleteChunkAsync(It.IsAny<Guid>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((Guid _, string location, CancellationToken _) => Effects.Add($"delete {location}"))
            .Returns(Task.CompletedTask);
        Space.Setup(s => s.Uploads()).Returns(() => new StorageVolume("upload", UploadFreeBytes, 2 * UploadFreeBytes));
    }

    public Mock<IUploadTaskRepository> Tasks { get; } = new();

    public Mock<IChunkStorage> Storage { get; } = new();

    public Mock<IStorageSpace> Space { get; } = new();

    /// <summary>What the upload volume reports as free; far above any floor unless a test lowers it.</summary>
    public long UploadFreeBytes { get; set; } = 1L << 50;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 2, 1, 8, 30, 0, TimeSpan.Zero));

    public UploadPolicy Policy { get; set; } = new();

    public List<string> Effects { get; } = [];

    /// <summary>What successive loads of the task return; the last one is repeated.</summary>
    public void GivenLoads(params UploadTask?[] loads)
    {
        foreach (var load in loads)
        {
            _loads.Enqueue(load);
        }
    }

    public void GivenNoTask() => GivenLoads([null]);

    public UploadTask GivenTask(UploadTask task)
    {
        GivenLoads(task);
        return task;
    }

    public void GivenSaveChunksFails(params Exception[] errors)
    {
        foreach (var error in errors)
        {
            _saveFailures.Enqueue(error);
        }
    }

    /// <summary>Staged bytes of chunk 0 (4 bytes) that commit to <see cref="NewLocation"/>.</summary>
    public Mock<IStagedChunk> Staged(string md5, long size = 4)
    {
        var staged = new Mock<IStagedChunk>();
        staged.SetupGet(s => s.Size).Returns(size);
        staged.SetupGet(s => s.Md5).Returns(md5);
        staged.Setup(s => s.CommitAsync(It.IsAny<Guid>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Callback(() => Effects.Add("commit"))
            .ReturnsAsync(NewLocation);
        return staged;
    }

    public static UploadChunkCommand Command(
        IStagedChunk chunk,
        string? md5 = null,
        string? relativePath = SampleTasks.RelativePath,
        string? fileName = null,
        string? partFileName = null,
        long fileSize = SampleTasks.FileSize,
        int totalChunks = SampleTasks.TotalChunks,
        long? chunkSize = SampleTasks.ChunkSize) =>
        new(SampleTasks.FileId, 0, totalChunks, fileSize, chunkSize, md5, fileName, relativePath, partFileName, chunk);

    public Task<UploadChunkResult> Send(UploadChunkCommand command) =>
        new UploadChunkHandler(
                Tasks.Object, Storage.Object, Space.Object, Policy, Clock, NullLogger<UploadChunkHandler>.Instance)
            .Handle(command, CancellationToken.None)
            .AsTask();
}
