using Drydock.Measurements;

namespace Drydock.Verification.Load.Thresholds;

/// <summary>k6's metric types; each allows its own aggregation methods in a threshold.</summary>
public enum K6MetricType
{
    /// <summary>A running sum: <c>count</c>, <c>rate</c> (per second).</summary>
    Counter,

    /// <summary>A share of non-zero values: <c>rate</c> (0 to 1).</summary>
    Rate,

    /// <summary>A distribution: <c>avg</c>, <c>min</c>, <c>max</c>, <c>med</c>, <c>p(N)</c>.</summary>
    Trend,
}

public enum K6Aggregation
{
    Count,
    Rate,
    Avg,
    Min,
    Max,
    Med,
    Percentile,
}

/// <summary>
/// A k6 built-in metric the load generator measures, with k6's meaning. Only these may carry thresholds;
/// <see cref="CounterUnit"/> is the unit of the <c>count</c> aggregation, and a counter's <c>rate</c> is that unit per second.
/// </summary>
public sealed record K6Metric(string Name, K6MetricType Type, Unit CounterUnit, string Description)
{
    public static readonly K6Metric HttpReqDuration = new("http_req_duration", K6MetricType.Trend, Unit.None, "request latency: open model from the intended send time, closed model from the send");
    public static readonly K6Metric HttpReqWaiting = new("http_req_waiting", K6MetricType.Trend, Unit.None, "time to first byte, from the send");
    public static readonly K6Metric HttpReqFailed = new("http_req_failed", K6MetricType.Rate, Unit.None, "share of requests that failed: transport errors and statuses of 400 or more");
    public static readonly K6Metric HttpReqs = new("http_reqs", K6MetricType.Counter, Unit.Count, "requests made");
    public static readonly K6Metric Iterations = new("iterations", K6MetricType.Counter, Unit.Count, "requests made (one request per iteration)");
    public static readonly K6Metric DroppedIterations = new("dropped_iterations", K6MetricType.Counter, Unit.Count, "open model: requests due but never sent");
    public static readonly K6Metric DataSent = new("data_sent", K6MetricType.Counter, Unit.Bytes, "bytes written");
    public static readonly K6Metric DataReceived = new("data_received", K6MetricType.Counter, Unit.Bytes, "bytes read");

    public static readonly IReadOnlyList<K6Metric> All =
        [HttpReqDuration, HttpReqWaiting, HttpReqFailed, HttpReqs, Iterations, DroppedIterations, DataSent, DataReceived];

    public static K6Metric? Find(string name) => All.FirstOrDefault(metric => metric.Name == name);

    /// <summary>k6's aggregation methods for this metric's type, as written in thresholds.</summary>
    public IReadOnlyList<string> AggregationNames => Type switch
    {
        K6MetricType.Counter => ["count", "rate"],
        K6MetricType.Rate => ["rate"],
        _ => ["avg", "min", "max", "med", "p(N)"],
    };

    public bool Supports(K6Aggregation aggregation) => Type switch
    {
        K6MetricType.Counter => aggregation is K6Aggregation.Count or K6Aggregation.Rate,
        K6MetricType.Rate => aggregation is K6Aggregation.Rate,
        _ => aggregation is K6Aggregation.Avg or K6Aggregation.Min or K6Aggregation.Max or K6Aggregation.Med or K6Aggregation.Percentile,
    };

    /// <summary>The unit of a threshold's value with <paramref name="aggregation"/>: ms, rate (0 to 1), count, bytes, or a per-second rate.</summary>
    public Unit UnitOf(K6Aggregation aggregation) => Type switch
    {
        K6MetricType.Trend => Unit.Milliseconds,
        K6MetricType.Rate => Unit.Rate,
        _ => aggregation == K6Aggregation.Count ? CounterUnit : CounterUnit == Unit.Bytes ? Unit.BytesPerSecond : Unit.PerSecond,
    };
}
