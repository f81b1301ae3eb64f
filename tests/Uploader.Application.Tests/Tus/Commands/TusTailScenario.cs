using Moq;
using Uploader.Application.Ports;
using Uploader.Domain.Tus;

namespace Uploader.Application.Tests;

/// <summary>
/// The ports of the tus tail handlers as mocks, around one upload that a PATCH holding <see cref="Token"/> claimed.
/// Every storage and store effect is appended to <see cref="Effects"/> ("commit", "save", "delete {location}").
/// </summary>
internal sealed class TusTailScenario
{
    public const string UploadId = "tus-1";
    public const string StagedLocation = "tail-v2";

    private readonly Queue<Exception> _saveFailures = new();

    public TusTailScenario()
    {
        Upload = TusUpload.Start(TaskId, UploadId, metadata: null, new DateTime(2026, 12, 4, 0, 0, 0, DateTimeKind.Utc));
        Token = Upload.BeginPatch(0, 0);
        Uploads.Setup(u => u.FindAsync(UploadId, It.IsAny<CancellationToken>())).ReturnsAsync(() => Upload);
        Uploads.Setup(u => u.SaveAsync(It.IsAny<TusUpload>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                Effects.Add("save");
                return _saveFailures.TryDequeue(out var error) ? Task.FromException(error) : Task.CompletedTask;
            });
        Storage.Setup(s => s.DeleteChunkAsync(TaskId, It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((Guid _, string location, CancellationToken _) => Effects.Add($"delete {location}"))
            .Returns(Task.CompletedTask);
        Staged.SetupGet(s => s.Size).Returns(5);
        Staged.Setup(s => s.CommitAsync(TaskId, It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Callback(() => Effects.Add("commit"))
            .ReturnsAsync(StagedLocation);
    }

    public static Guid TaskId { get; } = Guid.Parse("0193a7c4-0000-7000-8000-000000000001");

    public TusUpload? Upload { get; set; }

    public Guid Token { get; }

    public Mock<ITusUploadRepository> Uploads { get; } = new();

    public Mock<IChunkStorage> Storage { get; } = new();

    public Mock<IStagedChunk> Staged { get; } = new();

    public List<string> Effects { get; } = [];

    public void SaveFailsWith(Exception error) => _saveFailures.Enqueue(error);
}
