using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks;

/// <summary>Chunk statuses as the contract spells them (lower-case words): the one place their wire names come from.</summary>
public static class ChunkStatusNames
{
    private static readonly Dictionary<string, ChunkStatus> ByName =
        Enum.GetValues<ChunkStatus>().ToDictionary(Of, StringComparer.Ordinal);

    public static string Of(ChunkStatus status) => status.ToString().ToLowerInvariant();

    public static ChunkStatus Parse(string name) => ByName[name];
}
