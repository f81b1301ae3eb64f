namespace Uploader.Client.Tests;

/// <summary>Tests that count the process's allocations run alone, so other tests' allocations do not blur the count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurement
{
    public const string Name = "allocation";
}
