using Drydock.Engine;

namespace Drydock.Verification.Sampling;

/// <summary>
/// A container's CPU and memory over a sampling window, with <c>docker stats</c>' formulas. CPU is in percent of one
/// CPU (200 = two full CPUs), averaged and peaked over the intervals between consecutive readings; memory excludes
/// the inactive file cache. <see cref="Samples"/> counts readings. CPU needs two readings: with fewer it is NaN
/// (unknown, which fails every comparison) rather than a 0 the container never measured; memory needs one.
/// </summary>
public sealed record ResourceUsage(double CpuPercentAverage, double CpuPercentPeak, double MemoryBytesAverage, double MemoryBytesPeak, int Samples)
{
    /// <summary>Every kept reading in order, for charts and comparisons (report.json's <c>series</c>).</summary>
    public IReadOnlyList<UsageSample> Series { get; init; } = [];

    /// <summary>Whether at least two readings were taken, so the CPU figures are measured.</summary>
    public bool HasCpu => Samples >= 2;

    /// <summary>Whether at least one reading was taken, so the memory figures are measured.</summary>
    public bool HasMemory => Samples >= 1;

    /// <summary>
    /// Summarizes readings taken in order. A one-shot reading's own previous sample is empty, so each CPU figure
    /// comes from two consecutive readings (the second's counters minus the first's); readings of a stopped
    /// container (no time, no host CPU counter) are ignored.
    /// </summary>
    public static ResourceUsage FromReadings(IReadOnlyList<ContainerStats> readings)
    {
        var measured = readings.Where(IsMeasured).ToList();
        var cpu = measured.Zip(measured.Skip(1), CpuPercentBetween).ToList();
        var memory = measured.Select(reading => (double)reading.MemoryUsedBytes()).ToList();
        return new ResourceUsage(
            cpu.Count > 0 ? cpu.Average() : double.NaN,
            cpu.Count > 0 ? cpu.Max() : double.NaN,
            memory.Count > 0 ? memory.Average() : double.NaN,
            memory.Count > 0 ? memory.Max() : double.NaN,
            measured.Count)
        {
            Series = [.. measured.Select((reading, index) => new UsageSample(
                reading.Read!.Value,
                index == 0 ? null : CpuPercentBetween(measured[index - 1], reading),
                (long)reading.MemoryUsedBytes()))],
        };
    }

    /// <summary>
    /// CPU use between two readings: the later one with the earlier one as its previous sample, through
    /// <see cref="ContainerStats.CpuPercent"/>, so the formula stays <c>docker stats</c>' own.
    /// </summary>
    public static double CpuPercentBetween(ContainerStats earlier, ContainerStats later) =>
        (later with { PrecpuStats = earlier.CpuStats }).CpuPercent();

    /// <summary>The engine answers a stopped container with an empty reading: no time and no host CPU counter.</summary>
    public static bool IsMeasured(ContainerStats reading) =>
        reading.Read is not null && reading.CpuStats?.SystemCpuUsage is > 0;
}

/// <summary>One reading: CPU since the previous reading (null for the first) and memory at the time.</summary>
public sealed record UsageSample(DateTimeOffset Time, double? CpuPercent, long MemoryBytes);
