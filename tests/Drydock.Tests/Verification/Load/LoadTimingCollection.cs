namespace Drydock.Tests.Verification.Load;

/// <summary>
/// The load tests that measure time on real sockets run one class at a time, so they do not take CPU from each
/// other's schedules on a 2-core machine; and with parallelization disabled xunit runs this collection alone, after
/// the parallel ones, so the suite's own image builds and stacks do not starve it either.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadTimingCollection
{
    public const string Name = "Load generator timing";
}
