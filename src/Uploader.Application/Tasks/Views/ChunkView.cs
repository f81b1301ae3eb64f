using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Views;

public sealed record ChunkView(int Index, long Size, string Md5, ChunkStatus Status, DateTime UploadedAt, int RetryCount);
