using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Uploader.Application.Tasks;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Persistence.Configurations;

/// <summary>Statuses are stored as the same lower-case words the API shows, so the database reads plainly.</summary>
internal sealed class StatusConverter() : ValueConverter<UploadTaskStatus, string>(
    status => TaskStatusNames.Of(status),
    text => TaskStatusNames.Parse(text)!.Value);

internal sealed class ChunkStatusConverter() : ValueConverter<ChunkStatus, string>(
    status => ChunkStatusNames.Of(status),
    text => ChunkStatusNames.Parse(text));
