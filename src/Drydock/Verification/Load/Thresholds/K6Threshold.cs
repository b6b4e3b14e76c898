using System.Globalization;
using Drydock.Measurements;
using Drydock.Text;

namespace Drydock.Verification.Load.Thresholds;

/// <summary>
/// One k6 threshold, e.g. <c>http_req_duration: p(95)&lt;500</c>: a metric, an aggregation of it, a comparison
/// and a value in the aggregation's unit (milliseconds for durations).
/// </summary>
public sealed record K6Threshold(K6Metric Metric, K6Aggregation Aggregation, double? Percentile, Comparison Comparison, double Value, string Source)
{
    /// <summary>Where the expression was written (drydock.yml), when it came from a file.</summary>
    public SourceSpan? Span { get; init; }

    /// <summary>k6's name of the aggregation: <c>avg</c>, <c>p(95)</c>, <c>rate</c>…</summary>
    public string AggregationText => Aggregation switch
    {
        K6Aggregation.Percentile => $"p({Percentile!.Value.ToString("0.###", CultureInfo.InvariantCulture)})",
        _ => Aggregation.ToString().ToLowerInvariant(),
    };

    /// <summary>The measurement row's metric: the k6 metric and the aggregation, e.g. <c>http_req_duration p(95)</c>, in the aggregation's unit.</summary>
    public Measurements.Metric MeasurementMetric => new($"{Metric.Name} {AggregationText}", Unit);

    public Unit Unit => Metric.UnitOf(Aggregation);

    public Target ToTarget(string? service) => new(MeasurementMetric, service, Comparison, Value);

    public override string ToString() => $"{Metric.Name}: {Source}";
}
