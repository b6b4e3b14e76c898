namespace Drydock.Reports.Diff;

/// <summary>
/// How much a number may move the wrong way before <c>drydock diff</c> calls it a regression, in percent of the old
/// value. Defaults per kind (sizes +10%, times and latencies +25%, throughput −20%, memory +20%; CPU and counts are
/// shown but not judged); drydock.yml's <c>baseline:</c> overrides them per metric (<c>image_size: 5%</c>) or per kind
/// (<c>sizes: 5%</c>).
/// </summary>
public sealed record DiffTolerances
{
    /// <summary>The kind names drydock.yml's <c>baseline:</c> accepts besides metric names.</summary>
    public static readonly IReadOnlyDictionary<string, MetricKind> KindNames = new Dictionary<string, MetricKind>(StringComparer.Ordinal)
    {
        ["sizes"] = MetricKind.Size,
        ["times"] = MetricKind.Time,
        ["latencies"] = MetricKind.Latency,
        ["throughput"] = MetricKind.Throughput,
        ["memory"] = MetricKind.Memory,
        ["cpu"] = MetricKind.Cpu,
        ["counts"] = MetricKind.Count,
    };

    private static readonly IReadOnlyDictionary<MetricKind, double> Defaults = new Dictionary<MetricKind, double>
    {
        [MetricKind.Size] = 10,
        [MetricKind.Time] = 25,
        [MetricKind.Latency] = 25,
        [MetricKind.Throughput] = 20,
        [MetricKind.Memory] = 20,
    };

    public static readonly DiffTolerances Default = new();

    /// <summary>Metric or kind name → percent, from drydock.yml's <c>baseline:</c>.</summary>
    public IReadOnlyDictionary<string, double> Overrides { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>
    /// The tolerance of a row in percent (null: not judged). A load row's metric (<c>load 'x' p95</c>) is also looked up
    /// by its last word (<c>p95</c>, <c>requests/s</c>).
    /// </summary>
    public double? For(SnapshotRow row)
    {
        var metric = row.Metric.Split(" #", 2)[0];
        if (Overrides.TryGetValue(metric, out var exact))
        {
            return exact;
        }
        if (metric.StartsWith("load '", StringComparison.Ordinal) && Overrides.TryGetValue(metric[(metric.LastIndexOf(' ') + 1)..], out var loadMetric))
        {
            return loadMetric;
        }
        var kindName = KindNames.FirstOrDefault(pair => pair.Value == row.Kind).Key;
        if (kindName is not null && Overrides.TryGetValue(kindName, out var byKind))
        {
            return byKind;
        }
        return Defaults.TryGetValue(row.Kind, out var fallback) ? fallback : null;
    }

    /// <summary>Whether a larger value is the worse one (everything but throughput).</summary>
    public static bool HigherIsWorse(MetricKind kind) => kind != MetricKind.Throughput;

    /// <summary>The defaults, for documentation and the report: "sizes +10%, …".</summary>
    public static string DescribeDefaults() =>
        string.Join(", ", Defaults.Select(pair => $"{KindNames.First(name => name.Value == pair.Key).Key} {(HigherIsWorse(pair.Key) ? "+" : "−")}{pair.Value:0}%"));
}
