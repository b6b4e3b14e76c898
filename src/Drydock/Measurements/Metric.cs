namespace Drydock.Measurements;

/// <summary>Where a metric is measured, and which targets apply to it.</summary>
public enum MetricScope
{
    /// <summary>Once for the whole stack (startup_time).</summary>
    Stack,

    /// <summary>The stack's total, and per service only where a service sets its own target (build_time, image_size).</summary>
    StackTotal,

    /// <summary>Per service; a stack-wide target applies to every service (memory_idle, restarts…).</summary>
    Service,
}

/// <summary>
/// What a measurement row measures: a name, its unit, where it is measured, and its rank in report order (the
/// catalogue's order, <see cref="Unranked"/> for the rows probes, loads and scenarios add). Two metrics are the same
/// when name and unit are.
/// </summary>
public sealed record Metric(string Name, Unit Unit)
{
    public const int Unranked = int.MaxValue;

    public MetricScope Scope { get; init; } = MetricScope.Service;

    public int Rank { get; init; } = Unranked;

    public bool Equals(Metric? other) => other is not null && Name == other.Name && Unit == other.Unit;

    public override int GetHashCode() => HashCode.Combine(Name, Unit);

    public override string ToString() => Name;
}

/// <summary>The metrics <c>drydock verify</c> measures, in report order; each of <see cref="Targetable"/> may carry a target in drydock.yml.</summary>
public static class Metrics
{
    public static readonly Metric BuildTime = new("build_time", Unit.Seconds) { Scope = MetricScope.StackTotal, Rank = 0 };
    public static readonly Metric ImageSize = new("image_size", Unit.Bytes) { Scope = MetricScope.StackTotal, Rank = 1 };
    public static readonly Metric StartupTime = new("startup_time", Unit.Seconds) { Scope = MetricScope.Stack, Rank = 2 };
    public static readonly Metric TimeToHealthy = new("time_to_healthy", Unit.Seconds) { Rank = 3 };
    public static readonly Metric MemoryIdle = new("memory_idle", Unit.Bytes) { Rank = 4 };
    public static readonly Metric CpuIdle = new("cpu_idle", Unit.Percent) { Rank = 5 };
    public static readonly Metric LogErrors = new("log_errors", Unit.Count) { Rank = 6 };
    public static readonly Metric Restarts = new("restarts", Unit.Count) { Rank = 7 };
    public static readonly Metric CpuLimit = new("cpu_limit", Unit.Cpu) { Rank = 8 };
    public static readonly Metric MemoryLimit = new("memory_limit", Unit.Bytes) { Rank = 9 };

    /// <summary>Error lines a scenario declared with <c>expect_logs:</c>: shown, never judged (no target names it).</summary>
    public static readonly Metric ExpectedLogErrors = new("expected_log_errors", Unit.Count);

    /// <summary>A probe's <c>expect.latency</c>.</summary>
    public static readonly Metric Latency = new("latency", Unit.Milliseconds);

    /// <summary>A file probe's <c>expect.size</c>.</summary>
    public static readonly Metric FileSize = new("file_size", Unit.Bytes);

    /// <summary>What an HTTP probe's <c>json: {"count(path)": …}</c> counts.</summary>
    public static readonly Metric JsonCount = new("count", Unit.Count);

    /// <summary>A scenario's <c>recovery_time</c>: fault → the service answers again.</summary>
    public static readonly Metric RecoveryTime = new("recovery_time", Unit.Seconds);

    /// <summary>The metrics a <c>targets:</c> section may name, in report order.</summary>
    public static readonly IReadOnlyList<Metric> Targetable =
        [BuildTime, ImageSize, StartupTime, TimeToHealthy, MemoryIdle, CpuIdle, LogErrors, Restarts, CpuLimit, MemoryLimit];

    /// <summary>Declared limits, read from the running container; a row only where a target asks for one.</summary>
    public static readonly IReadOnlyList<Metric> Limits = [CpuLimit, MemoryLimit];

    /// <summary>Metrics measured for the stack as a whole (image_size and build_time also per service).</summary>
    public static readonly IReadOnlyList<Metric> StackMetrics = [.. Targetable.Where(metric => metric.Scope != MetricScope.Service)];

    public static Metric? FindTargetable(string name) => Targetable.FirstOrDefault(metric => metric.Name == name);
}
