namespace Drydock.Tests.Verification.Load;

/// <summary>
/// The load tests that measure time on real sockets run one class at a time, so they do not take CPU from each
/// other's schedules on a 2-core machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LoadTimingCollection
{
    public const string Name = "Load generator timing";
}
