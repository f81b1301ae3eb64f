using Uploader.Application.Tasks;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

/// <summary>The contract's words for statuses, and that each reads back as the status it names.</summary>
public sealed class StatusNamesTests
{
    [Theory]
    [InlineData(ChunkStatus.Uploaded, "uploaded")]
    [InlineData(ChunkStatus.Corrupt, "corrupt")]
    public void A_chunk_status_is_its_contract_word_and_reads_back(ChunkStatus status, string word)
    {
        Assert.Equal(word, ChunkStatusNames.Of(status));
        Assert.Equal(status, ChunkStatusNames.Parse(word));
    }

    [Fact]
    public void Every_task_status_reads_back_from_its_name()
    {
        Assert.Equal(["uploading", "paused", "merging", "completed", "failed"], TaskStatusNames.All);
        Assert.All(Enum.GetValues<UploadTaskStatus>(), s => Assert.Equal(s, TaskStatusNames.Parse(TaskStatusNames.Of(s))));
    }
}
