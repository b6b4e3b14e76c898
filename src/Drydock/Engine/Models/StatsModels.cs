namespace Drydock.Engine;

/// <summary>
/// One sample of <c>GET /containers/{id}/stats</c> (snake_case on the wire), with everything the formulas of
/// <c>docker stats</c> need on cgroup v1 and v2. <see cref="PrecpuStats"/> is the engine's previous sample, so a
/// single sample gives a CPU percentage (zero on the very first one, whose previous sample is empty).
/// </summary>
public sealed record ContainerStats
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    [System.Text.Json.Serialization.JsonConverter(typeof(DockerTimeConverter))]
    public DateTimeOffset? Read { get; init; }

    [System.Text.Json.Serialization.JsonConverter(typeof(DockerTimeConverter))]
    public DateTimeOffset? Preread { get; init; }

    public CpuStats? CpuStats { get; init; }

    public CpuStats? PrecpuStats { get; init; }

    public MemoryStats? MemoryStats { get; init; }

    public PidsStats? PidsStats { get; init; }

    public BlkioStats? BlkioStats { get; init; }

    /// <summary>Interface name → counters; absent for containers without a network.</summary>
    public Dictionary<string, NetworkStats>? Networks { get; init; }

    /// <summary>
    /// CPU use as <c>docker stats</c> shows it: the container's share of the host's CPU time between this sample
    /// and the previous one, times the number of online CPUs, in percent (so 200 = two full CPUs).
    /// </summary>
    public double CpuPercent()
    {
        if (CpuStats is not { } current || PrecpuStats is not { } previous)
        {
            return 0;
        }
        var cpuDelta = (double)(current.CpuUsage?.TotalUsage ?? 0) - (previous.CpuUsage?.TotalUsage ?? 0);
        var systemDelta = (double)(current.SystemCpuUsage ?? 0) - (previous.SystemCpuUsage ?? 0);
        double onlineCpus = current.OnlineCpus;
        if (onlineCpus == 0)
        {
            onlineCpus = current.CpuUsage?.PercpuUsage?.Length ?? 0;
        }
        return systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * onlineCpus * 100.0 : 0;
    }

    /// <summary>
    /// Memory use as <c>docker stats</c> shows it: usage minus the inactive file cache
    /// (<c>total_inactive_file</c> on cgroup v1, <c>inactive_file</c> on cgroup v2), in bytes.
    /// </summary>
    public ulong MemoryUsedBytes()
    {
        if (MemoryStats is not { } memory)
        {
            return 0;
        }
        var stats = memory.Stats;
        if (stats is not null && stats.TryGetValue("total_inactive_file", out var v1Inactive) && v1Inactive < memory.Usage)
        {
            return memory.Usage - v1Inactive;
        }
        if (stats is not null && stats.TryGetValue("inactive_file", out var v2Inactive))
        {
            return v2Inactive < memory.Usage ? memory.Usage - v2Inactive : memory.Usage;
        }
        return memory.Usage;
    }

    /// <summary><see cref="MemoryUsedBytes"/> as a percentage of the limit (the host's memory when unlimited); 0 without a limit.</summary>
    public double MemoryPercent() =>
        MemoryStats is { Limit: > 0 } memory ? (double)MemoryUsedBytes() / memory.Limit * 100.0 : 0;
}

public sealed record CpuStats
{
    public CpuUsage? CpuUsage { get; init; }

    /// <summary>The host's cumulative CPU time in nanoseconds (all CPUs); absent on the first sample.</summary>
    public ulong? SystemCpuUsage { get; init; }

    /// <summary>CPUs online on the host (cgroup v2 and recent v1 engines); 0 when not reported.</summary>
    public uint OnlineCpus { get; init; }

    public ThrottlingData? ThrottlingData { get; init; }
}

public sealed record CpuUsage
{
    /// <summary>The container's cumulative CPU time in nanoseconds.</summary>
    public ulong TotalUsage { get; init; }

    /// <summary>Per-CPU cumulative time (cgroup v1 only).</summary>
    public ulong[]? PercpuUsage { get; init; }

    public ulong UsageInKernelmode { get; init; }

    public ulong UsageInUsermode { get; init; }
}

public sealed record ThrottlingData
{
    public ulong Periods { get; init; }

    public ulong ThrottledPeriods { get; init; }

    public ulong ThrottledTime { get; init; }
}

public sealed record MemoryStats
{
    /// <summary>Bytes in use, including page cache.</summary>
    public ulong Usage { get; init; }

    /// <summary>Peak usage (cgroup v1 only).</summary>
    public ulong MaxUsage { get; init; }

    /// <summary>
    /// The cgroup's memory.stat counters: on v1 <c>cache</c>, <c>rss</c>, <c>total_inactive_file</c>…;
    /// on v2 <c>anon</c>, <c>file</c>, <c>inactive_file</c>….
    /// </summary>
    public Dictionary<string, ulong>? Stats { get; init; }

    public ulong Failcnt { get; init; }

    /// <summary>The limit in bytes (the host's memory when the container has none).</summary>
    public ulong Limit { get; init; }
}

public sealed record PidsStats
{
    public ulong Current { get; init; }

    public ulong Limit { get; init; }
}

public sealed record BlkioStats
{
    public BlkioEntry[]? IoServiceBytesRecursive { get; init; }
}

public sealed record BlkioEntry
{
    public ulong Major { get; init; }

    public ulong Minor { get; init; }

    /// <summary>read, write, sync, async, discard, total (case varies by cgroup version).</summary>
    public string? Op { get; init; }

    public ulong Value { get; init; }
}

public sealed record NetworkStats
{
    public ulong RxBytes { get; init; }

    public ulong RxPackets { get; init; }

    public ulong RxErrors { get; init; }

    public ulong RxDropped { get; init; }

    public ulong TxBytes { get; init; }

    public ulong TxPackets { get; init; }

    public ulong TxErrors { get; init; }

    public ulong TxDropped { get; init; }
}
